//! End-to-end tests over whole interchanges: the two verbatim samples of the screening
//! standards (§2.5), hand-written irregular messages, bad travellers, fatal inputs, a
//! no-panic property over mutated samples, and encode -> parse round trips.

use super::*;

/// WCO/IATA guide example 5.1 (D.15B), verbatim as in the standards doc §2.5 A.
const GUIDE_5_1: &str = "UNB+UNOA:4+ZZAIRLINE+CUSTOMS+130620:0900+000000001'
UNG+PAXLST+ZZAIRLINE+CUSTOMS+130620:0900+000000001+UN+D:15B'
UNH+PAX001+PAXLST:D:15B:UN:IATA'
BGM+745'
RFF+TN:1234567890'
NAD+MS+++DAVIDSON:ROBERT'
COM+202 628 9292:TE+202 628 4998:FX+DAVIDSONR.AT. IATA.ORG:EM'
TDT+20+ZZ123+++ZZ'
LOC+125+SYD'
DTM+189:1306210900:201'
LOC+87+HNL'
DTM+232: 1306212200:201'
NAD+FL+++WILLIAMS:JOHN:DONALD+235 WESTERN ROAD SUITE 203+SLEAFORD+:::LINCS+PE224T5+GBR'
ATT+2++M'
DTM+329:720907'
MEA+CT++:2'
GEI+4+174'
FTX+BAG+++ZZ012345:3'
LOC+22+HNL'
LOC+174+GBR'
LOC+178+SYD'
LOC+179+HNL'
LOC+180+:::AMBER HILL GBR'
COM+44 188 84 14151:TE'
NAT+2+GBR'
RFF+AVF:TYR123'
RFF+ABO:ABC123'
DOC+P+MB140241'
DTM+36:151231'
LOC+91+GBR'
CNT+42:160'
UNT+30+PAX001'
UNE+1+000000001'
UNZ+1+000000001'
";

/// US CBP GTAS fixture `apisMessage.txt` (D.05B), verbatim with its leading spaces.
const GTAS_APIS: &str = " UNA:+.?*'
 UNB+UNOA:4+AIR1+DHS+070218:1545+000006640++DHS'
 UNG+PAXLST+AIR1+ DHS+070218:1545+1+UN+D:05B'
 UNH+PAX001+PAXLST:D:05B:UN:IATA'
 BGM+745'RFF+TN:AJYTR1070219:::001'
 NAD+MS+++JOHN SMITH'
 COM+703-555-1212:TE+703-555-4545:FX'
 TDT+20+AA123+++AA'
 LOC+92+ATL'DTM+189:0702191540:201'
 LOC+92+ORD'DTM+232:0702191740:201'
 TDT+20+AA124+++AA'
 LOC+92+ORD'DTM+189:0702191840:201'
 LOC+92+JFK'DTM+232:0702191955:201'
 NAD+FL+++CLARK:MICHAEL'
 ATT+2++M'
 DTM+329:720907'
 LOC+178+ATL'
 LOC+179+JFK'
 RFF+AVF:TYR123'
 RFF+ABO:ABC123'
 RFF+AEA:1234567890ABC'
 RFF+CR:20060907NY123'
 NAD+FL+++CLARK:CHERYL'
 ATT+2++F'
 DTM+329:730407'
 LOC+178+ORD'
 LOC+179+JFK'
 RFF+AVF:TYR123'
 RFF+ABO:TYL009'
 CNT+42:2'
 UNT+33+PAX001'
 UNE+1+1'
 UNZ+1+000006640'
";

fn ok(p: &Paxlst, i: usize) -> &PaxTraveller {
    p.travellers[i].as_ref().expect("traveller should be Ok")
}

fn refs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(q, v)| (q.to_string(), v.to_string()))
        .collect()
}

fn fields(p: &Paxlst) -> Vec<&str> {
    p.warnings.iter().map(|w| w.field.as_str()).collect()
}

/// Proves guide example 5.1 reads completely: header, leg, every traveller field, the
/// declared total, and exactly one warning (the guide's stray space in DTM+232, segment 12);
/// the UNT+30 count and the envelope are correct.
#[test]
fn guide_example_5_1() {
    let p = parse(GUIDE_5_1).unwrap();
    assert_eq!(p.syntax_version.as_deref(), Some("D:15B"));
    assert_eq!(p.message_reference.as_deref(), Some("PAX001"));
    assert_eq!(p.list, ListKind::Passengers);
    assert_eq!(p.declared_total, Some(160));
    assert_eq!(
        p.legs,
        vec![Leg {
            transport_id: "ZZ123".into(),
            carrier: Some("ZZ".into()),
            departure: Some("SYD".into()),
            departure_time: Some("1306210900".into()),
            arrival: Some("HNL".into()),
            arrival_time: Some("1306212200".into()),
        }]
    );
    assert_eq!(p.travellers.len(), 1);
    let expected = PaxTraveller {
        segment: 13,
        role: "FL".into(),
        surname: "WILLIAMS".into(),
        given_names: "JOHN DONALD".into(),
        sex: Some("M".into()),
        date_of_birth: Some("720907".into()),
        nationality: Some("GBR".into()),
        documents: vec![TravelDocument {
            doc_type: Some("P".into()),
            number: "MB140241".into(),
            expiry: Some("151231".into()),
            issuing_country: Some("GBR".into()),
        }],
        references: refs(&[("AVF", "TYR123"), ("ABO", "ABC123")]),
        place_of_birth: Some("AMBER HILL GBR".into()),
        residence: Some("GBR".into()),
        embarkation: Some("SYD".into()),
        debarkation: Some("HNL".into()),
    };
    assert_eq!(ok(&p, 0), &expected);
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    let w = &p.warnings[0];
    assert_eq!(
        (w.segment, w.tag.as_str(), w.field.as_str()),
        (12, "DTM", "DTM+232 arrival time")
    );
}

/// Proves the GTAS fixture reads with its UNA, leading spaces and two segments per line:
/// two LOC+92 legs, two travellers with numbers counted from UNB, UNT+33 correct, and no
/// warnings at all.
#[test]
fn gtas_apis_message() {
    let p = parse(GTAS_APIS).unwrap();
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.syntax_version.as_deref(), Some("D:05B"));
    assert_eq!(p.declared_total, Some(2));
    let legs: Vec<_> = p
        .legs
        .iter()
        .map(|l| {
            (
                l.transport_id.as_str(),
                l.carrier.as_deref(),
                l.departure.as_deref(),
                l.departure_time.as_deref(),
                l.arrival.as_deref(),
                l.arrival_time.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        legs,
        [
            (
                "AA123",
                Some("AA"),
                Some("ATL"),
                Some("0702191540"),
                Some("ORD"),
                Some("0702191740")
            ),
            (
                "AA124",
                Some("AA"),
                Some("ORD"),
                Some("0702191840"),
                Some("JFK"),
                Some("0702191955")
            ),
        ]
    );
    assert_eq!(p.travellers.len(), 2);
    let m = ok(&p, 0);
    assert_eq!(
        (m.segment, m.surname.as_str(), m.given_names.as_str()),
        (18, "CLARK", "MICHAEL")
    );
    assert_eq!(
        (m.sex.as_deref(), m.date_of_birth.as_deref()),
        (Some("M"), Some("720907"))
    );
    assert_eq!(
        (m.embarkation.as_deref(), m.debarkation.as_deref()),
        (Some("ATL"), Some("JFK"))
    );
    assert_eq!(
        m.references,
        refs(&[
            ("AVF", "TYR123"),
            ("ABO", "ABC123"),
            ("AEA", "1234567890ABC"),
            ("CR", "20060907NY123")
        ])
    );
    assert!(m.documents.is_empty() && m.nationality.is_none());
    let c = ok(&p, 1);
    assert_eq!(
        (c.segment, c.surname.as_str(), c.given_names.as_str()),
        (27, "CLARK", "CHERYL")
    );
    assert_eq!(
        (c.sex.as_deref(), c.date_of_birth.as_deref()),
        (Some("F"), Some("730407"))
    );
    assert_eq!(
        (c.embarkation.as_deref(), c.debarkation.as_deref()),
        (Some("ORD"), Some("JFK"))
    );
    assert_eq!(c.references, refs(&[("AVF", "TYR123"), ("ABO", "TYL009")]));
}

/// A crew list written for these tests: UNA with `*` elements and `$` terminator, release
/// characters, lower-case names, NAT before LOC, `CNT+41+8`, several DOCs, `DOC++...` with no
/// code, empty `LOC+91*`, a D02B-style `DOC*P:110:111*...`, and a UNT that says 20 for 22.
const CREW_LIST: &str = "UNA:*.? $
UNB*UNOA:4*TESTAIR*BORDER*240305:1200*77$
UNG*PAXLST*TESTAIR*BORDER*240305:1200*77*UN*D:02B$
UNH*M1*PAXLST:D:02B:UN:IATA$
BGM*250$
NAD*MS***OPS DESK$
TDT*20*TA456***TA$
LOC*125*LHR$
DTM*189:2403051300:201$
LOC*87*KEF$
DTM*232:2403051600:201$
NAD*FM***O?'NEIL:SEAN?$?*?:X:PAT$
ATT*2**m$
DTM*329:800229$
NAT*2*IRL$
LOC*178*LHR$
DOC*P:110:111*YY3478621G$
DTM*36:291231$
LOC*91*IRL$
DOC**448763368$
LOC*91*$
NAD*FM***Steur:Andrea$
EMP*1*CR1:110:111$
CNT*41*8$
UNT*20*M1$
UNE*1*77$
UNZ*1*77$
";

/// Proves the crew list: non-default delimiters, released `'`, `$`, `*`, `:` in a name,
/// crew kind, `CNT*41*8` read as 8, multiple documents (D02B `P:110:111`, no code, empty
/// LOC+91), and warnings for NAT-before-LOC, lower-case name, CNT form, and UNT 20 vs 22.
#[test]
fn crew_list_with_irregularities() {
    let p = parse(CREW_LIST).unwrap();
    assert_eq!(p.list, ListKind::Crew);
    assert_eq!(p.syntax_version.as_deref(), Some("D:02B"));
    assert_eq!(p.declared_total, Some(8));
    assert_eq!(p.legs.len(), 1);
    assert_eq!(p.legs[0].arrival.as_deref(), Some("KEF"));
    let sean = ok(&p, 0);
    assert_eq!(sean.segment, 11);
    assert_eq!(sean.role, "FM");
    assert_eq!(sean.surname, "O'NEIL");
    assert_eq!(sean.given_names, "SEAN$*:X PAT");
    assert_eq!(sean.sex.as_deref(), Some("m"));
    assert_eq!(sean.date_of_birth.as_deref(), Some("800229"));
    assert_eq!(sean.nationality.as_deref(), Some("IRL"));
    assert_eq!(sean.embarkation.as_deref(), Some("LHR"));
    let docs: Vec<_> = sean
        .documents
        .iter()
        .map(|d| {
            (
                d.doc_type.as_deref(),
                d.number.as_str(),
                d.expiry.as_deref(),
                d.issuing_country.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        docs,
        [
            (Some("P"), "YY3478621G", Some("291231"), Some("IRL")),
            (None, "448763368", None, None),
        ]
    );
    let andrea = ok(&p, 1);
    assert_eq!(
        (andrea.surname.as_str(), andrea.given_names.as_str()),
        ("Steur", "Andrea")
    );
    assert_eq!(
        fields(&p),
        [
            "segment order",
            "NAD name",
            "CNT+41 total",
            "UNT segment count"
        ]
    );
    assert_eq!(p.warnings[0].segment, 15);
    let unt = &p.warnings[3];
    assert_eq!(unt.segment, 24);
    assert!(
        unt.message.contains("declares 20") && unt.message.contains("has 22"),
        "{unt}"
    );
}

/// Four passengers: #2 has a bad DTM+329, #3 has no surname.
const BAD_TRAVELLERS: &str = "UNH+X+PAXLST:D:15B:UN:IATA'
BGM+745'
TDT+20+ZZ9'
NAD+FL+++ONE:A'
DTM+329:720907'
NAD+FL+++TWO:B'
DTM+329:72093'
DOC+P+X1'
NAD+FL+++:C'
DTM+329:720907'
NAD+FL+++FOUR:D'
DOC+P+X4'
CNT+42:4'
UNT+14+X'
";

/// Proves bad travellers are `Err` entries in place, naming segment, tag and field, and
/// that the travellers after them still parse.
#[test]
fn bad_travellers_are_reported_in_place() {
    let p = parse(BAD_TRAVELLERS).unwrap();
    assert_eq!(p.travellers.len(), 4);
    assert_eq!(ok(&p, 0).surname, "ONE");
    let e2 = p.travellers[1].as_ref().unwrap_err();
    assert_eq!(
        (e2.segment, e2.tag.as_str(), e2.field.as_str()),
        (7, "DTM", "DTM+329 date of birth")
    );
    assert_eq!(
        e2.to_string(),
        "segment 7 (DTM): date of birth '72093' is not YYMMDD"
    );
    let e3 = p.travellers[2].as_ref().unwrap_err();
    assert_eq!(
        (e3.segment, e3.tag.as_str(), e3.field.as_str()),
        (9, "NAD", "NAD name")
    );
    let four = ok(&p, 3);
    assert_eq!((four.segment, four.surname.as_str()), (11, "FOUR"));
    assert_eq!(four.documents[0].number, "X4");
    assert_eq!(fields(&p), ["UNB interchange header", "UNG group header"]);
}

/// Proves the fatal inputs are errors, never panics: empty text, a non-PAXLST message,
/// text that is not EDIFACT.
#[test]
fn fatal_inputs() {
    assert!(parse("").is_err());
    assert!(parse("UNH+1+CUSRES:D:05B:UN'BGM+962'UNT+3+1'").is_err());
    assert!(parse("\u{0}\u{1}garbage without terminators").is_err());
    assert!(parse("UNA:+").is_err());
    assert!(tokenize("").is_err());
}

use crate::synth::Rng;

/// Mutation rounds per sample in the no-panic property.
const MUTATION_ROUNDS: usize = 1500;

/// Proves the reader never panics on damaged input: random substitutions (biased to service
/// characters), deletions, duplications and truncations of the samples, plus random bytes.
#[test]
fn mutations_never_panic() {
    const ALPHABET: &[char] = &[
        '\'', '+', ':', '?', '*', '$', ' ', '\n', 'U', 'N', 'A', 'H', 'T', '9', 'é', '\u{0}',
    ];
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    for sample in [GUIDE_5_1, GTAS_APIS, CREW_LIST, BAD_TRAVELLERS] {
        let base: Vec<char> = sample.chars().collect();
        for _ in 0..MUTATION_ROUNDS {
            let mut t = base.clone();
            for _ in 0..1 + rng.idx(4) {
                if t.is_empty() {
                    break;
                }
                let at = rng.idx(t.len());
                match rng.idx(4) {
                    0 => t[at] = ALPHABET[rng.idx(ALPHABET.len())],
                    1 => {
                        let end = (at + rng.idx(40)).min(t.len());
                        t.drain(at..end);
                    }
                    2 => {
                        let end = (at + rng.idx(40)).min(t.len());
                        let copy: Vec<char> = t[at..end].to_vec();
                        let to = rng.idx(t.len());
                        t.splice(to..to, copy);
                    }
                    _ => t.truncate(at),
                }
            }
            let text: String = t.into_iter().collect();
            let _ = parse(&text);
        }
    }
    for _ in 0..MUTATION_ROUNDS {
        let bytes: Vec<u8> = (0..rng.idx(300)).map(|_| rng.next_u64() as u8).collect();
        let _ = parse(&String::from_utf8_lossy(&bytes));
    }
}

fn traveller(surname: &str, given: &str) -> PaxTraveller {
    PaxTraveller {
        segment: 0,
        role: "FL".into(),
        surname: surname.into(),
        given_names: given.into(),
        sex: Some("F".into()),
        date_of_birth: Some("850214".into()),
        nationality: Some("IRL".into()),
        documents: vec![
            TravelDocument {
                doc_type: Some("P".into()),
                number: "PA+12:3".into(),
                expiry: Some("301130".into()),
                issuing_country: Some("IRL".into()),
            },
            TravelDocument {
                doc_type: None,
                number: "V?99".into(),
                expiry: None,
                issuing_country: None,
            },
        ],
        references: refs(&[("SEA", "12A"), ("AVF", "X'Y")]),
        place_of_birth: Some("CORK: CITY".into()),
        residence: Some("GBR".into()),
        embarkation: Some("DUB".into()),
        debarkation: Some("JFK".into()),
    }
}

/// Proves encode -> parse gives back the travellers (names with `'`, `?`, `+`, `:`), legs,
/// list kind and total, with or without UNA, and no warnings (so the UNT count is right).
#[test]
fn encode_parse_round_trip() {
    for una in [false, true] {
        let m = EncodeMessage {
            sender: "ZZ+AIR".into(),
            recipient: "CUSTOMS".into(),
            prepared: "240101:0930".into(),
            reference: "R'1".into(),
            version: "D:05B".into(),
            list: ListKind::Passengers,
            legs: vec![
                Leg {
                    transport_id: "ZZ1".into(),
                    carrier: Some("ZZ".into()),
                    departure: Some("DUB".into()),
                    departure_time: Some("2401011000".into()),
                    arrival: Some("LHR".into()),
                    arrival_time: Some("2401011100".into()),
                },
                Leg {
                    transport_id: "ZZ2".into(),
                    carrier: None,
                    departure: Some("LHR".into()),
                    departure_time: None,
                    arrival: Some("JFK".into()),
                    arrival_time: Some("2401011900".into()),
                },
            ],
            travellers: vec![
                traveller("O'NEIL", "MARY ?KATE"),
                traveller("D+ARCY:SMITH", "JO"),
                traveller("??", ""),
            ],
            una,
        };
        let text = encode(&m);
        let p = parse(&text).unwrap();
        assert!(p.warnings.is_empty(), "{:?}\n{text}", p.warnings);
        assert_eq!(p.legs, m.legs);
        assert_eq!(p.list, ListKind::Passengers);
        assert_eq!(p.syntax_version.as_deref(), Some("D:05B"));
        assert_eq!(p.message_reference.as_deref(), Some("R'1"));
        assert_eq!(p.declared_total, Some(3));
        let got: Vec<PaxTraveller> = p
            .travellers
            .into_iter()
            .map(|t| PaxTraveller {
                segment: 0,
                ..t.unwrap()
            })
            .collect();
        assert_eq!(got, m.travellers);
    }
}

/// Proves a crew list encodes as BGM+250 / NAD+FM / CNT+41 and reads back as crew.
#[test]
fn encode_crew_list() {
    let mut t = traveller("SMITH", "ANN");
    t.role = String::new();
    let m = EncodeMessage {
        sender: "A".into(),
        recipient: "B".into(),
        prepared: "240101:0930".into(),
        reference: "1".into(),
        version: "D:15B".into(),
        list: ListKind::Crew,
        legs: vec![],
        travellers: vec![t],
        una: false,
    };
    let text = encode(&m);
    assert!(
        text.contains("BGM+250'")
            && text.contains("NAD+FM+++SMITH:ANN'")
            && text.contains("CNT+41:1'")
    );
    let p = parse(&text).unwrap();
    assert_eq!(
        (p.list.clone(), p.declared_total),
        (ListKind::Crew, Some(1))
    );
    assert_eq!(ok(&p, 0).role, "FM");
}

/// Proves the example in the module documentation (run here too, as this module is also
/// tested standalone where doc tests do not run).
#[test]
fn module_doc_example() {
    let text = "UNH+1+PAXLST:D:15B:UN:IATA'BGM+745'TDT+20+ZZ123+++ZZ'\
                NAD+FL+++O?'NEIL:MARY'DTM+329:720907'DOC+P+MB140241'CNT+42:1'UNT+8+1'";
    let manifest = parse(text).unwrap();
    assert_eq!(manifest.list, ListKind::Passengers);
    let mary = manifest.travellers[0].as_ref().unwrap();
    assert_eq!(
        (mary.surname.as_str(), mary.given_names.as_str()),
        ("O'NEIL", "MARY")
    );
    assert_eq!(mary.documents[0].number, "MB140241");
    assert_eq!(manifest.warnings.len(), 2);
}
