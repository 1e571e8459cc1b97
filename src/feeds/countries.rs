//! ISO 3166-1 countries: alpha-2 and alpha-3 codes and English names, so importers can map
//! the country names and two-letter codes real lists use to the alpha-3 codes records carry.
//!
//! The table was generated from the ISO 3166-1 data of the `pycountry` package (name, common
//! name, official name), plus the names sanctions lists use that differ from ISO's
//! ([`EXTRA_NAMES`]). Lookups ignore case, accents, punctuation and a leading "the".

/// `(alpha-2, alpha-3, names)` for every ISO 3166-1 country.
pub const COUNTRIES: &[(&str, &str, &[&str])] = &[
    ("AW", "ABW", &["Aruba"]),
    (
        "AF",
        "AFG",
        &["Afghanistan", "Islamic Republic of Afghanistan"],
    ),
    ("AO", "AGO", &["Angola", "Republic of Angola"]),
    ("AI", "AIA", &["Anguilla"]),
    ("AX", "ALA", &["Åland Islands"]),
    ("AL", "ALB", &["Albania", "Republic of Albania"]),
    ("AD", "AND", &["Andorra", "Principality of Andorra"]),
    ("AE", "ARE", &["United Arab Emirates"]),
    ("AR", "ARG", &["Argentina", "Argentine Republic"]),
    ("AM", "ARM", &["Armenia", "Republic of Armenia"]),
    ("AS", "ASM", &["American Samoa"]),
    ("AQ", "ATA", &["Antarctica"]),
    ("TF", "ATF", &["French Southern Territories"]),
    ("AG", "ATG", &["Antigua and Barbuda"]),
    ("AU", "AUS", &["Australia"]),
    ("AT", "AUT", &["Austria", "Republic of Austria"]),
    ("AZ", "AZE", &["Azerbaijan", "Republic of Azerbaijan"]),
    ("BI", "BDI", &["Burundi", "Republic of Burundi"]),
    ("BE", "BEL", &["Belgium", "Kingdom of Belgium"]),
    ("BJ", "BEN", &["Benin", "Republic of Benin"]),
    ("BQ", "BES", &["Bonaire, Sint Eustatius and Saba"]),
    ("BF", "BFA", &["Burkina Faso"]),
    (
        "BD",
        "BGD",
        &["Bangladesh", "People's Republic of Bangladesh"],
    ),
    ("BG", "BGR", &["Bulgaria", "Republic of Bulgaria"]),
    ("BH", "BHR", &["Bahrain", "Kingdom of Bahrain"]),
    ("BS", "BHS", &["Bahamas", "Commonwealth of the Bahamas"]),
    (
        "BA",
        "BIH",
        &[
            "Bosnia and Herzegovina",
            "Republic of Bosnia and Herzegovina",
        ],
    ),
    ("BL", "BLM", &["Saint Barthélemy"]),
    ("BY", "BLR", &["Belarus", "Republic of Belarus"]),
    ("BZ", "BLZ", &["Belize"]),
    ("BM", "BMU", &["Bermuda"]),
    (
        "BO",
        "BOL",
        &[
            "Bolivia",
            "Bolivia, Plurinational State of",
            "Plurinational State of Bolivia",
        ],
    ),
    ("BR", "BRA", &["Brazil", "Federative Republic of Brazil"]),
    ("BB", "BRB", &["Barbados"]),
    ("BN", "BRN", &["Brunei Darussalam"]),
    ("BT", "BTN", &["Bhutan", "Kingdom of Bhutan"]),
    ("BV", "BVT", &["Bouvet Island"]),
    ("BW", "BWA", &["Botswana", "Republic of Botswana"]),
    ("CF", "CAF", &["Central African Republic"]),
    ("CA", "CAN", &["Canada"]),
    ("CC", "CCK", &["Cocos (Keeling) Islands"]),
    ("CH", "CHE", &["Swiss Confederation", "Switzerland"]),
    ("CL", "CHL", &["Chile", "Republic of Chile"]),
    ("CN", "CHN", &["China", "People's Republic of China"]),
    ("CI", "CIV", &["Côte d'Ivoire", "Republic of Côte d'Ivoire"]),
    ("CM", "CMR", &["Cameroon", "Republic of Cameroon"]),
    ("CD", "COD", &["Congo, The Democratic Republic of the"]),
    ("CG", "COG", &["Congo", "Republic of the Congo"]),
    ("CK", "COK", &["Cook Islands"]),
    ("CO", "COL", &["Colombia", "Republic of Colombia"]),
    ("KM", "COM", &["Comoros", "Union of the Comoros"]),
    ("CV", "CPV", &["Cabo Verde", "Republic of Cabo Verde"]),
    ("CR", "CRI", &["Costa Rica", "Republic of Costa Rica"]),
    ("CU", "CUB", &["Cuba", "Republic of Cuba"]),
    ("CW", "CUW", &["Curaçao"]),
    ("CX", "CXR", &["Christmas Island"]),
    ("KY", "CYM", &["Cayman Islands"]),
    ("CY", "CYP", &["Cyprus", "Republic of Cyprus"]),
    ("CZ", "CZE", &["Czech Republic", "Czechia"]),
    ("DE", "DEU", &["Federal Republic of Germany", "Germany"]),
    ("DJ", "DJI", &["Djibouti", "Republic of Djibouti"]),
    ("DM", "DMA", &["Commonwealth of Dominica", "Dominica"]),
    ("DK", "DNK", &["Denmark", "Kingdom of Denmark"]),
    ("DO", "DOM", &["Dominican Republic"]),
    (
        "DZ",
        "DZA",
        &["Algeria", "People's Democratic Republic of Algeria"],
    ),
    ("EC", "ECU", &["Ecuador", "Republic of Ecuador"]),
    ("EG", "EGY", &["Arab Republic of Egypt", "Egypt"]),
    ("ER", "ERI", &["Eritrea", "the State of Eritrea"]),
    ("EH", "ESH", &["Western Sahara"]),
    ("ES", "ESP", &["Kingdom of Spain", "Spain"]),
    ("EE", "EST", &["Estonia", "Republic of Estonia"]),
    (
        "ET",
        "ETH",
        &["Ethiopia", "Federal Democratic Republic of Ethiopia"],
    ),
    ("FI", "FIN", &["Finland", "Republic of Finland"]),
    ("FJ", "FJI", &["Fiji", "Republic of Fiji"]),
    ("FK", "FLK", &["Falkland Islands (Malvinas)"]),
    ("FR", "FRA", &["France", "French Republic"]),
    ("FO", "FRO", &["Faroe Islands"]),
    (
        "FM",
        "FSM",
        &[
            "Federated States of Micronesia",
            "Micronesia, Federated States of",
        ],
    ),
    ("GA", "GAB", &["Gabon", "Gabonese Republic"]),
    (
        "GB",
        "GBR",
        &[
            "United Kingdom",
            "United Kingdom of Great Britain and Northern Ireland",
        ],
    ),
    ("GE", "GEO", &["Georgia"]),
    ("GG", "GGY", &["Guernsey"]),
    ("GH", "GHA", &["Ghana", "Republic of Ghana"]),
    ("GI", "GIB", &["Gibraltar"]),
    ("GN", "GIN", &["Guinea", "Republic of Guinea"]),
    ("GP", "GLP", &["Guadeloupe"]),
    ("GM", "GMB", &["Gambia", "Republic of the Gambia"]),
    ("GW", "GNB", &["Guinea-Bissau", "Republic of Guinea-Bissau"]),
    (
        "GQ",
        "GNQ",
        &["Equatorial Guinea", "Republic of Equatorial Guinea"],
    ),
    ("GR", "GRC", &["Greece", "Hellenic Republic"]),
    ("GD", "GRD", &["Grenada"]),
    ("GL", "GRL", &["Greenland"]),
    ("GT", "GTM", &["Guatemala", "Republic of Guatemala"]),
    ("GF", "GUF", &["French Guiana"]),
    ("GU", "GUM", &["Guam"]),
    ("GY", "GUY", &["Guyana", "Republic of Guyana"]),
    (
        "HK",
        "HKG",
        &[
            "Hong Kong",
            "Hong Kong Special Administrative Region of China",
        ],
    ),
    ("HM", "HMD", &["Heard Island and McDonald Islands"]),
    ("HN", "HND", &["Honduras", "Republic of Honduras"]),
    ("HR", "HRV", &["Croatia", "Republic of Croatia"]),
    ("HT", "HTI", &["Haiti", "Republic of Haiti"]),
    ("HU", "HUN", &["Hungary"]),
    ("ID", "IDN", &["Indonesia", "Republic of Indonesia"]),
    ("IM", "IMN", &["Isle of Man"]),
    ("IN", "IND", &["India", "Republic of India"]),
    ("IO", "IOT", &["British Indian Ocean Territory"]),
    ("IE", "IRL", &["Ireland"]),
    (
        "IR",
        "IRN",
        &[
            "Iran",
            "Iran, Islamic Republic of",
            "Islamic Republic of Iran",
        ],
    ),
    ("IQ", "IRQ", &["Iraq", "Republic of Iraq"]),
    ("IS", "ISL", &["Iceland", "Republic of Iceland"]),
    ("IL", "ISR", &["Israel", "State of Israel"]),
    ("IT", "ITA", &["Italian Republic", "Italy"]),
    ("JM", "JAM", &["Jamaica"]),
    ("JE", "JEY", &["Jersey"]),
    ("JO", "JOR", &["Hashemite Kingdom of Jordan", "Jordan"]),
    ("JP", "JPN", &["Japan"]),
    ("KZ", "KAZ", &["Kazakhstan", "Republic of Kazakhstan"]),
    ("KE", "KEN", &["Kenya", "Republic of Kenya"]),
    ("KG", "KGZ", &["Kyrgyz Republic", "Kyrgyzstan"]),
    ("KH", "KHM", &["Cambodia", "Kingdom of Cambodia"]),
    ("KI", "KIR", &["Kiribati", "Republic of Kiribati"]),
    ("KN", "KNA", &["Saint Kitts and Nevis"]),
    ("KR", "KOR", &["Korea, Republic of", "South Korea"]),
    ("KW", "KWT", &["Kuwait", "State of Kuwait"]),
    ("LA", "LAO", &["Lao People's Democratic Republic", "Laos"]),
    ("LB", "LBN", &["Lebanese Republic", "Lebanon"]),
    ("LR", "LBR", &["Liberia", "Republic of Liberia"]),
    ("LY", "LBY", &["Libya"]),
    ("LC", "LCA", &["Saint Lucia"]),
    (
        "LI",
        "LIE",
        &["Liechtenstein", "Principality of Liechtenstein"],
    ),
    (
        "LK",
        "LKA",
        &["Democratic Socialist Republic of Sri Lanka", "Sri Lanka"],
    ),
    ("LS", "LSO", &["Kingdom of Lesotho", "Lesotho"]),
    ("LT", "LTU", &["Lithuania", "Republic of Lithuania"]),
    ("LU", "LUX", &["Grand Duchy of Luxembourg", "Luxembourg"]),
    ("LV", "LVA", &["Latvia", "Republic of Latvia"]),
    (
        "MO",
        "MAC",
        &["Macao", "Macao Special Administrative Region of China"],
    ),
    ("MF", "MAF", &["Saint Martin (French part)"]),
    ("MA", "MAR", &["Kingdom of Morocco", "Morocco"]),
    ("MC", "MCO", &["Monaco", "Principality of Monaco"]),
    (
        "MD",
        "MDA",
        &["Moldova", "Moldova, Republic of", "Republic of Moldova"],
    ),
    ("MG", "MDG", &["Madagascar", "Republic of Madagascar"]),
    ("MV", "MDV", &["Maldives", "Republic of Maldives"]),
    ("MX", "MEX", &["Mexico", "United Mexican States"]),
    (
        "MH",
        "MHL",
        &["Marshall Islands", "Republic of the Marshall Islands"],
    ),
    (
        "MK",
        "MKD",
        &["North Macedonia", "Republic of North Macedonia"],
    ),
    ("ML", "MLI", &["Mali", "Republic of Mali"]),
    ("MT", "MLT", &["Malta", "Republic of Malta"]),
    ("MM", "MMR", &["Myanmar", "Republic of Myanmar"]),
    ("ME", "MNE", &["Montenegro"]),
    ("MN", "MNG", &["Mongolia"]),
    (
        "MP",
        "MNP",
        &[
            "Commonwealth of the Northern Mariana Islands",
            "Northern Mariana Islands",
        ],
    ),
    ("MZ", "MOZ", &["Mozambique", "Republic of Mozambique"]),
    (
        "MR",
        "MRT",
        &["Islamic Republic of Mauritania", "Mauritania"],
    ),
    ("MS", "MSR", &["Montserrat"]),
    ("MQ", "MTQ", &["Martinique"]),
    ("MU", "MUS", &["Mauritius", "Republic of Mauritius"]),
    ("MW", "MWI", &["Malawi", "Republic of Malawi"]),
    ("MY", "MYS", &["Malaysia"]),
    ("YT", "MYT", &["Mayotte"]),
    ("NA", "NAM", &["Namibia", "Republic of Namibia"]),
    ("NC", "NCL", &["New Caledonia"]),
    ("NE", "NER", &["Niger", "Republic of the Niger"]),
    ("NF", "NFK", &["Norfolk Island"]),
    ("NG", "NGA", &["Federal Republic of Nigeria", "Nigeria"]),
    ("NI", "NIC", &["Nicaragua", "Republic of Nicaragua"]),
    ("NU", "NIU", &["Niue"]),
    ("NL", "NLD", &["Kingdom of the Netherlands", "Netherlands"]),
    ("NO", "NOR", &["Kingdom of Norway", "Norway"]),
    (
        "NP",
        "NPL",
        &["Federal Democratic Republic of Nepal", "Nepal"],
    ),
    ("NR", "NRU", &["Nauru", "Republic of Nauru"]),
    ("NZ", "NZL", &["New Zealand"]),
    ("OM", "OMN", &["Oman", "Sultanate of Oman"]),
    ("PK", "PAK", &["Islamic Republic of Pakistan", "Pakistan"]),
    ("PA", "PAN", &["Panama", "Republic of Panama"]),
    ("PN", "PCN", &["Pitcairn"]),
    ("PE", "PER", &["Peru", "Republic of Peru"]),
    ("PH", "PHL", &["Philippines", "Republic of the Philippines"]),
    ("PW", "PLW", &["Palau", "Republic of Palau"]),
    (
        "PG",
        "PNG",
        &["Independent State of Papua New Guinea", "Papua New Guinea"],
    ),
    ("PL", "POL", &["Poland", "Republic of Poland"]),
    ("PR", "PRI", &["Puerto Rico"]),
    (
        "KP",
        "PRK",
        &[
            "Democratic People's Republic of Korea",
            "Korea, Democratic People's Republic of",
            "North Korea",
        ],
    ),
    ("PT", "PRT", &["Portugal", "Portuguese Republic"]),
    ("PY", "PRY", &["Paraguay", "Republic of Paraguay"]),
    (
        "PS",
        "PSE",
        &["Palestine, State of", "the State of Palestine"],
    ),
    ("PF", "PYF", &["French Polynesia"]),
    ("QA", "QAT", &["Qatar", "State of Qatar"]),
    ("RE", "REU", &["Réunion"]),
    ("RO", "ROU", &["Romania"]),
    ("RU", "RUS", &["Russian Federation"]),
    ("RW", "RWA", &["Rwanda", "Rwandese Republic"]),
    ("SA", "SAU", &["Kingdom of Saudi Arabia", "Saudi Arabia"]),
    ("SD", "SDN", &["Republic of the Sudan", "Sudan"]),
    ("SN", "SEN", &["Republic of Senegal", "Senegal"]),
    ("SG", "SGP", &["Republic of Singapore", "Singapore"]),
    (
        "GS",
        "SGS",
        &["South Georgia and the South Sandwich Islands"],
    ),
    (
        "SH",
        "SHN",
        &["Saint Helena, Ascension and Tristan da Cunha"],
    ),
    ("SJ", "SJM", &["Svalbard and Jan Mayen"]),
    ("SB", "SLB", &["Solomon Islands"]),
    ("SL", "SLE", &["Republic of Sierra Leone", "Sierra Leone"]),
    ("SV", "SLV", &["El Salvador", "Republic of El Salvador"]),
    ("SM", "SMR", &["Republic of San Marino", "San Marino"]),
    ("SO", "SOM", &["Federal Republic of Somalia", "Somalia"]),
    ("PM", "SPM", &["Saint Pierre and Miquelon"]),
    ("RS", "SRB", &["Republic of Serbia", "Serbia"]),
    ("SS", "SSD", &["Republic of South Sudan", "South Sudan"]),
    (
        "ST",
        "STP",
        &[
            "Democratic Republic of Sao Tome and Principe",
            "Sao Tome and Principe",
        ],
    ),
    ("SR", "SUR", &["Republic of Suriname", "Suriname"]),
    ("SK", "SVK", &["Slovak Republic", "Slovakia"]),
    ("SI", "SVN", &["Republic of Slovenia", "Slovenia"]),
    ("SE", "SWE", &["Kingdom of Sweden", "Sweden"]),
    ("SZ", "SWZ", &["Eswatini", "Kingdom of Eswatini"]),
    ("SX", "SXM", &["Sint Maarten (Dutch part)"]),
    ("SC", "SYC", &["Republic of Seychelles", "Seychelles"]),
    ("SY", "SYR", &["Syria", "Syrian Arab Republic"]),
    ("TC", "TCA", &["Turks and Caicos Islands"]),
    ("TD", "TCD", &["Chad", "Republic of Chad"]),
    ("TG", "TGO", &["Togo", "Togolese Republic"]),
    ("TH", "THA", &["Kingdom of Thailand", "Thailand"]),
    ("TJ", "TJK", &["Republic of Tajikistan", "Tajikistan"]),
    ("TK", "TKL", &["Tokelau"]),
    ("TM", "TKM", &["Turkmenistan"]),
    (
        "TL",
        "TLS",
        &["Democratic Republic of Timor-Leste", "Timor-Leste"],
    ),
    ("TO", "TON", &["Kingdom of Tonga", "Tonga"]),
    (
        "TT",
        "TTO",
        &["Republic of Trinidad and Tobago", "Trinidad and Tobago"],
    ),
    ("TN", "TUN", &["Republic of Tunisia", "Tunisia"]),
    ("TR", "TUR", &["Republic of Türkiye", "Türkiye"]),
    ("TV", "TUV", &["Tuvalu"]),
    ("TW", "TWN", &["Taiwan", "Taiwan, Province of China"]),
    (
        "TZ",
        "TZA",
        &[
            "Tanzania",
            "Tanzania, United Republic of",
            "United Republic of Tanzania",
        ],
    ),
    ("UG", "UGA", &["Republic of Uganda", "Uganda"]),
    ("UA", "UKR", &["Ukraine"]),
    ("UM", "UMI", &["United States Minor Outlying Islands"]),
    ("UY", "URY", &["Eastern Republic of Uruguay", "Uruguay"]),
    ("US", "USA", &["United States", "United States of America"]),
    ("UZ", "UZB", &["Republic of Uzbekistan", "Uzbekistan"]),
    ("VA", "VAT", &["Holy See (Vatican City State)"]),
    ("VC", "VCT", &["Saint Vincent and the Grenadines"]),
    (
        "VE",
        "VEN",
        &[
            "Bolivarian Republic of Venezuela",
            "Venezuela",
            "Venezuela, Bolivarian Republic of",
        ],
    ),
    (
        "VG",
        "VGB",
        &["British Virgin Islands", "Virgin Islands, British"],
    ),
    (
        "VI",
        "VIR",
        &[
            "Virgin Islands of the United States",
            "Virgin Islands, U.S.",
        ],
    ),
    (
        "VN",
        "VNM",
        &["Socialist Republic of Viet Nam", "Viet Nam", "Vietnam"],
    ),
    ("VU", "VUT", &["Republic of Vanuatu", "Vanuatu"]),
    ("WF", "WLF", &["Wallis and Futuna"]),
    ("WS", "WSM", &["Independent State of Samoa", "Samoa"]),
    ("YE", "YEM", &["Republic of Yemen", "Yemen"]),
    ("ZA", "ZAF", &["Republic of South Africa", "South Africa"]),
    ("ZM", "ZMB", &["Republic of Zambia", "Zambia"]),
    ("ZW", "ZWE", &["Republic of Zimbabwe", "Zimbabwe"]),
];

/// Names real lists use that ISO's table does not (alpha-3 code, name); also former states
/// lists still name, mapped to their successor only where that is unambiguous.
pub const EXTRA_NAMES: &[(&str, &str)] = &[
    ("RUS", "Russia"),
    ("SYR", "Syria"),
    ("IRN", "Iran"),
    ("PRK", "North Korea"),
    ("PRK", "Korea, North"),
    ("PRK", "Democratic People's Republic of Korea"),
    ("KOR", "South Korea"),
    ("KOR", "Korea, South"),
    ("KOR", "Republic of Korea"),
    ("VEN", "Venezuela"),
    ("BOL", "Bolivia"),
    ("TZA", "Tanzania"),
    ("MDA", "Moldova"),
    ("LAO", "Laos"),
    ("VNM", "Vietnam"),
    ("VNM", "Viet Nam"),
    ("COD", "Congo, Democratic Republic of the"),
    ("COD", "Democratic Republic of the Congo"),
    ("COG", "Congo, Republic of the"),
    ("COG", "Republic of the Congo"),
    ("CIV", "Cote d'Ivoire"),
    ("CIV", "Ivory Coast"),
    ("PSE", "Palestinian"),
    ("PSE", "West Bank"),
    ("PSE", "Gaza"),
    ("PSE", "State of Palestine"),
    ("MMR", "Burma"),
    ("TUR", "Turkey"),
    ("TUR", "Turkiye"),
    ("CZE", "Czech Republic"),
    ("MKD", "Macedonia"),
    ("MKD", "The former Yugoslav Republic of Macedonia"),
    ("SWZ", "Swaziland"),
    ("CPV", "Cape Verde"),
    ("TLS", "East Timor"),
    ("BRN", "Brunei"),
    (
        "GBR",
        "United Kingdom of Great Britain and Northern Ireland",
    ),
    ("GBR", "Great Britain"),
    ("USA", "United States of America"),
    ("FSM", "Micronesia, Federated States of"),
    ("VAT", "Holy See"),
    ("KNA", "Saint Kitts and Nevis"),
    ("BHS", "Bahamas, The"),
    ("GMB", "Gambia, The"),
    ("XKX", "Kosovo"),
    // spellings of the OFAC SDN remarks
    ("MKD", "Macedonia, The Former Yugoslav Republic of"),
    ("MAC", "Macau"),
    ("ERI", "Eritrean"),
];

/// The key a name is looked up by: ASCII, lower case, letters and digits separated by one
/// space, without a leading "the" (`"Côte d'Ivoire"` -> `"cote d ivoire"`).
fn key(name: &str) -> String {
    let ascii = any_ascii::any_ascii(name).to_ascii_lowercase();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let words = match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    words.join(" ")
}

fn table() -> &'static std::collections::HashMap<String, &'static str> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<String, &'static str>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m = std::collections::HashMap::new();
        for (a2, a3, names) in COUNTRIES {
            m.insert(key(a2), *a3);
            m.insert(key(a3), *a3);
            for n in *names {
                m.insert(key(n), *a3);
            }
        }
        for (a3, n) in EXTRA_NAMES {
            m.insert(key(n), *a3);
        }
        m
    })
}

/// The alpha-3 code of a country given by alpha-2 code, alpha-3 code or English name (ISO's
/// or a common one), ignoring case, accents and punctuation; `None` when unknown.
pub fn alpha3(name_or_code: &str) -> Option<&'static str> {
    table().get(&key(name_or_code)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_map_to_alpha3() {
        assert_eq!(alpha3("IR"), Some("IRN"));
        assert_eq!(alpha3("irn"), Some("IRN"));
        assert_eq!(alpha3("Iran, Islamic Republic of"), Some("IRN"));
        assert_eq!(alpha3("Iran"), Some("IRN"));
        assert_eq!(alpha3("Côte d'Ivoire"), Some("CIV"));
        assert_eq!(alpha3("the Netherlands"), Some("NLD"));
        assert_eq!(alpha3("Korea, North"), Some("PRK"));
        assert_eq!(alpha3("United States"), Some("USA"));
        assert_eq!(alpha3("Atlantis"), None);
        assert_eq!(alpha3(""), None);
    }
}
