//! The web console as officers, screeners and administrators use it: the real binary serving
//! its embedded console, driven in a real headless Chromium through chromedriver (WebDriver,
//! fantoccini). One server and one chromedriver serve every scenario (each scenario its own
//! browser session, so its own `sessionStorage`); each scenario checks what is on the page,
//! saves screenshots under `<target dir>/console-screenshots/`, and fails on any error the
//! browser logged (a script error, a resource refused by the Content-Security-Policy, a
//! failed request). Every wait is for a condition, with a timeout; none is a fixed sleep.
//!
//! Properties checked:
//! - an officer signs in and finds a listed person through a transliteration variant, with
//!   the date typed the way officers type it, and sees the name, organization, alert, action
//!   and why it matched; arrow keys walk the hits, Escape clears; a document number is told
//!   from a name;
//! - a scanner typing an MRZ line by line (Enter after each line) never fires a search on a
//!   half MRZ; the complete MRZ shows the parsed traveller, its check digits and the person
//!   hit; a pasted MRZ is checked by itself once it rests;
//! - a screener uploads a CSV manifest, follows the job to the end, sees the planted alert,
//!   filters on alerts, sorts and exports the results as CSV and JSON;
//! - an administrator reloads a changed feed and sees the new record counts and the job, and
//!   creates an API key;
//! - a key without the admin (or screener) role gets no link to those pages and nothing of
//!   them when navigating there directly; a revoked key is sent back to sign-in;
//! - the console's answers carry the strict headers, unknown assets are JSON 404s, and
//!   `GET /v1/session` tells a key's roles.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); without them the
//! browser test fails saying so, unless `FRONTLINE_SKIP_BROWSER` is set (then it prints that
//! it is skipped). `FRONTLINE_CHROMEDRIVER` and
//! `FRONTLINE_CHROMIUM` name other binaries.

use crate::util::{cli, data_dir_with, Server};
use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a page may take to show what a step waits for.
const STEP_TIMEOUT: Duration = Duration::from_secs(15);

/// Chromium's flags: headless, and nothing that reaches out to the network (on a closed
/// network the background services make Chromium stall or fail).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--disable-default-apps",
    "--metrics-recording-only",
    "--window-size=1280,1000",
];

/// `name` on the PATH, or the binary an environment variable names.
fn find_binary(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// The browser binaries the test drives.
struct Tools {
    chromedriver: PathBuf,
    chromium: PathBuf,
}

impl Tools {
    /// Both binaries, or which one is missing.
    fn find() -> Result<Tools, &'static str> {
        let chromedriver =
            find_binary("FRONTLINE_CHROMEDRIVER", &["chromedriver"]).ok_or("chromedriver")?;
        let chromium = find_binary("FRONTLINE_CHROMIUM", &["chromium", "chromium-browser"])
            .ok_or("chromium")?;
        Ok(Tools {
            chromedriver,
            chromium,
        })
    }
}

/// A chromedriver started for the test, in its own process group so that dropping it ends
/// chromedriver and every Chromium it started, even when the test panics.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(binary: &Path, log: &Path) -> Driver {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).unwrap())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on {port} in 20 s"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // the whole group: chromedriver and the browser processes it started
        let pgid = self.child.id() as i32;
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
        let _ = self.child.wait();
    }
}

/// The legacy `POST /session/{id}/se/log` command chromedriver keeps: the browser's log.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

/// What every scenario shares: the data directory, the server on it, chromedriver.
struct Desk {
    dir: tempfile::TempDir,
    server: Server,
    tools: Tools,
    driver: Driver,
}

impl Desk {
    /// A new browser session (its own profile, so its own `sessionStorage`).
    async fn browser(&self) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let caps: Capabilities = serde_json::from_value(json!({
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": self.tools.chromium, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
        }))
        .unwrap();
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.driver.url)
            .await
            .unwrap_or_else(|e| panic!("no Chromium session from chromedriver: {e}"));
        Browser {
            client,
            base: format!("http://{}", self.server.addr),
            _profile: profile,
        }
    }

    fn data(&self) -> &Path {
        self.dir.path()
    }
}

/// A headless Chromium session on the console of `base`.
struct Browser {
    client: Client,
    base: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
    }

    async fn find(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(STEP_TIMEOUT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(e) => e,
            Err(e) => {
                self.screenshot("failed").await;
                panic!("no element {css} on the page: {e}")
            }
        }
    }

    async fn exists(&self, css: &str) -> bool {
        self.count(css).await > 0
    }

    /// How many elements match `css` now.
    async fn count(&self, css: &str) -> usize {
        self.client.find_all(Locator::Css(css)).await.unwrap().len()
    }

    async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    /// Waits until the text of `css` contains `needle`; returns the text.
    async fn wait_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(e) => e.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(needle) {
                return text;
            }
            if Instant::now() > deadline {
                self.screenshot("failed").await;
                panic!("{css} never showed {needle:?}; it shows {text:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    async fn screenshot(&self, name: &str) {
        let dir = screenshots();
        std::fs::create_dir_all(&dir).unwrap();
        if let Ok(png) = self.client.screenshot().await {
            std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        }
    }

    async fn sign_in(&self, key: &str) {
        self.goto("/").await;
        let input = self.find("#signin-key").await;
        input.send_keys(key).await.unwrap();
        self.find("#signin-form button[type=submit]")
            .await
            .click()
            .await
            .unwrap();
        self.wait_text("#who", "key ").await;
    }

    /// Every error the browser logged (script errors, CSP refusals, failed loads).
    async fn errors(&self) -> Vec<String> {
        let log = self.client.issue_cmd(BrowserLog).await.unwrap();
        log.as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Ends the session, failing on any error the browser logged. `expected` are fragments
    /// of errors the scenario provoked on purpose (a 401 of a revoked key).
    async fn finish(self, expected: &[&str]) {
        let errors: Vec<String> = self
            .errors()
            .await
            .into_iter()
            .filter(|e| !expected.iter().any(|x| e.contains(x)))
            .collect();
        let _ = self.client.clone().close().await;
        assert!(errors.is_empty(), "the browser logged errors: {errors:#?}");
    }
}

/// A key of `agency` with `roles` (comma-separated), made with the CLI as an operator would.
fn key(dir: &Path, agency: &str, roles: &str) -> String {
    let out = cli(
        dir,
        &["keys", "create", "--agency", agency, "--roles", roles],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    stdout.lines().last().unwrap().trim().to_string()
}

fn fixture_server() -> (tempfile::TempDir, Server) {
    let dir = data_dir_with(&["INTERPOL.jsonl", "EUROPOL.jsonl", "FRONTEX.jsonl"]);
    let server = Server::start(dir.path());
    (dir, server)
}

/// Where the scenarios' screenshots go: `<target dir>/console-screenshots/`.
fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target dir holds tmp/")
        .join("console-screenshots")
}

/// Every browser scenario, in turn, on one server and one chromedriver (starting them is
/// most of a scenario's cost on a small machine). The admin scenario changes a feed, so it
/// runs last.
#[tokio::test]
async fn officers_screeners_and_admins_use_the_console_in_a_headless_chromium() {
    let tools = match Tools::find() {
        Ok(tools) => tools,
        Err(missing) if std::env::var_os("FRONTLINE_SKIP_BROWSER").is_some() => {
            println!("SKIPPED (FRONTLINE_SKIP_BROWSER is set): {missing} is not installed");
            return;
        }
        Err(missing) => panic!(
            "{missing} is not installed; the console's browser tests need Debian's `chromium` \
             and `chromium-driver` (apt-get install -y chromium chromium-driver; .ci/run \
             installs them), or FRONTLINE_SKIP_BROWSER=1 to skip them knowingly"
        ),
    };
    let (dir, server) = fixture_server();
    std::fs::create_dir_all(screenshots()).unwrap();
    let driver = Driver::start(&tools.chromedriver, &screenshots().join("chromedriver.log"));
    let desk = Desk {
        dir,
        server,
        tools,
        driver,
    };
    an_officer_finds_a_listed_person_through_a_transliteration_variant(&desk).await;
    a_scanned_or_pasted_mrz_shows_the_traveller_and_the_person_hit_and_no_half_search(&desk).await;
    a_screener_screens_a_manifest_sees_the_alert_filters_and_exports(&desk).await;
    a_key_without_admin_sees_no_admin_page_and_a_revoked_key_signs_out(&desk).await;
    an_admin_reloads_a_changed_feed_and_sees_the_new_counts(&desk).await;
}

async fn an_officer_finds_a_listed_person_through_a_transliteration_variant(desk: &Desk) {
    let officer = key(desk.data(), "FRA-NCB", "officer");
    let b = desk.browser().await;
    b.sign_in(&officer).await;
    // the search box has the focus at once, and only the officer's page is offered
    assert_eq!(b.js("return document.activeElement.id").await, "q");
    assert!(b.exists("#nav-officer").await);
    assert!(!b.exists("#nav-admin").await && !b.exists("#nav-screening").await);

    // INTERPOL lists "Mohammed Al-Hassan"; the officer types another spelling
    b.find("#q")
        .await
        .send_keys("Muhammad Alhasan")
        .await
        .unwrap();
    assert!(b.text("#q-detected").await.contains("name"));
    b.find("#q-dob")
        .await
        .send_keys("12.04.1975")
        .await
        .unwrap();
    assert_eq!(b.text("#q-dob-read").await, "read as 12 April 1975");
    b.find("#q-nat").await.send_keys("syr").await.unwrap();
    b.find("#q").await.send_keys("\n").await.unwrap();

    let hit = b
        .wait_text("#officer-results .hit", "Mohammed Al-Hassan")
        .await;
    assert!(hit.contains("ALERT"), "{hit}");
    assert!(hit.contains("INTERPOL"), "the owning organization: {hit}");
    assert!(
        hit.contains("arrest and notify INTERPOL NCB"),
        "the action: {hit}"
    );
    assert!(hit.contains("wanted"), "{hit}");
    // the explanation in words: the aligned names and the date of birth
    assert!(
        hit.contains("a known transliteration or spelling variant (muhammad / mohammed)"),
        "{hit}"
    );
    assert!(
        hit.contains("date of birth identical (1975-04-12)"),
        "{hit}"
    );
    let first = b.find("#officer-results .hit").await;
    assert_eq!(
        first.attr("data-source").await.unwrap().as_deref(),
        Some("INTERPOL")
    );
    assert_eq!(first.attr("data-id").await.unwrap().as_deref(), Some("P1"));
    assert!(first
        .attr("class")
        .await
        .unwrap()
        .unwrap()
        .contains("is-alert"));
    b.screenshot("officer-name-search").await;

    // arrow keys walk the hits; Escape clears and gives the box its focus back
    b.find("#q").await.send_keys("\u{e015}").await.unwrap(); // ArrowDown
    assert_eq!(b.js("return document.activeElement.dataset.id").await, "P1");
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{e00c}")
        .await
        .unwrap(); // Escape
    assert_eq!(b.js("return document.activeElement.id").await, "q");
    assert_eq!(b.count(".hit").await, 0);

    // a document number is told from a name and checked as one (one OCR confusion: S for 5)
    b.find("#q").await.send_keys("X1234S67\n").await.unwrap();
    let doc = b.wait_text("#officer-results .hit", "X1234567").await;
    assert!(b.text("#q-detected").await.contains("document number"));
    assert!(doc.contains("stolen") && doc.contains("INTERPOL"), "{doc}");
    assert!(
        doc.contains("1 character an OCR reader confuses: S for 5"),
        "{doc}"
    );
    b.finish(&[]).await;
}

/// A TD3 MRZ for INTERPOL's P1, with correct check digits.
fn p1_mrz() -> Vec<String> {
    use frontline::screening::mrz::{encode, MrzFields, MrzFormat};
    encode(&MrzFields {
        format: MrzFormat::Td3,
        document_code: "P".into(),
        issuing_state: "SYR".into(),
        primary_identifier: "Al Hassan".into(),
        secondary_identifier: "Mohammed".into(),
        document_number: "N01234567".into(),
        nationality: "SYR".into(),
        date_of_birth: "750412".into(),
        sex: Some('M'),
        date_of_expiry: "301231".into(),
        optional_data: String::new(),
        optional_data_2: String::new(),
    })
    .unwrap()
}

async fn a_scanned_or_pasted_mrz_shows_the_traveller_and_the_person_hit_and_no_half_search(
    desk: &Desk,
) {
    let officer = key(desk.data(), "FRA-NCB", "officer");
    let b = desk.browser().await;
    b.sign_in(&officer).await;
    let lines = p1_mrz();
    // every call the page makes is counted, so a search on a half MRZ would show
    let calls = "return window.__calls";
    b.js("window.__calls = []; const f = window.fetch; \
          window.fetch = (u, o) => { window.__calls.push(String(u)); return f(u, o); }; return null")
        .await;
    let q = b.find("#q").await;
    // the scanner types the first line and its Enter: that Enter is a line break, not a search
    q.send_keys(&format!("{}\n", lines[0])).await.unwrap();
    assert_eq!(
        b.js("return document.querySelector('#q').value").await,
        json!(format!("{}\n", lines[0])),
        "the Enter was kept as a line break"
    );
    assert!(b.text("#q-detected").await.contains("MRZ being read"));
    // then the second line and the final Enter
    q.send_keys(&format!("{}\n", lines[1])).await.unwrap();
    let traveller = b.wait_text(".traveller", "AL HASSAN").await;
    assert_eq!(
        b.js(calls).await,
        json!(["/v1/travellers/check"]),
        "one call, for the whole MRZ"
    );
    assert!(
        traveller.contains("Traveller read from the MRZ (TD3)"),
        "{traveller}"
    );
    assert!(
        traveller.contains("MOHAMMED") && traveller.contains("1975-04-12"),
        "{traveller}"
    );
    assert!(traveller.contains("N01234567"), "{traveller}");
    assert!(
        traveller.contains("Every check digit is valid."),
        "{traveller}"
    );
    assert_eq!(
        b.count(".checks tbody tr").await,
        5,
        "document number, birth, expiry, optional data, composite"
    );
    let banner = b.text(".traveller-box .alert-banner").await;
    assert!(
        banner.contains("arrest and notify INTERPOL NCB"),
        "{banner}"
    );
    let hit = b.text(".traveller-box .hit.person").await;
    assert!(
        hit.contains("Mohammed Al-Hassan") && hit.contains("INTERPOL"),
        "{hit}"
    );
    assert_eq!(b.count(".traveller-box").await, 1);
    b.screenshot("officer-mrz-scanned").await;

    // Escape clears; a pasted MRZ (no Enter) is checked by itself once it rests
    q.send_keys("\u{e00c}").await.unwrap();
    assert_eq!(b.text("#officer-results").await, "");
    b.js("window.__calls.length = 0; return null").await;
    b.client
        .execute(
            "const q = document.querySelector('#q'); q.value = arguments[0]; \
             q.dispatchEvent(new InputEvent('input', {inputType: 'insertFromPaste'})); return null",
            vec![json!(lines.join("\n"))],
        )
        .await
        .unwrap();
    let pasted = b.wait_text(".traveller", "AL HASSAN").await;
    assert!(pasted.contains("Every check digit is valid."), "{pasted}");
    assert_eq!(b.js(calls).await, json!(["/v1/travellers/check"]));
    b.text(".traveller-box .hit.person").await;
    b.screenshot("officer-mrz-pasted").await;
    b.finish(&[]).await;
}

async fn a_screener_screens_a_manifest_sees_the_alert_filters_and_exports(desk: &Desk) {
    let screener = key(desk.data(), "FRA-PAF", "screener");
    let manifest = desk.data().join("flight.csv");
    std::fs::write(
        &manifest,
        "id,surname,given_names,date_of_birth,nationality,sex,document_number,document_type,document_country\n\
         PAX1,Smith,John,1980-01-01,GBR,M,123456789,passport,GBR\n\
         PAX2,Al-Hasan,Muhammad,12.04.1975,SYR,M,N7654321,passport,SYR\n\
         PAX3,Dupont,Marie,1991-02-03,FRA,F,18AB12345,passport,FRA\n\
         PAX4,,Nobody,1980,GBR,M,,,\n",
    )
    .unwrap();
    let b = desk.browser().await;
    b.sign_in(&screener).await;
    // a screener-only key lands on screening and is offered nothing else
    b.find("#page-screening:not([hidden])").await;
    assert!(!b.exists("#nav-officer").await && !b.exists("#nav-admin").await);
    b.find("#scr-file")
        .await
        .send_keys(manifest.to_str().unwrap())
        .await
        .unwrap();
    b.find("#scr-submit").await.click().await.unwrap();
    b.find("#scr-job[data-status=succeeded]").await;
    let job = b.text("#scr-job").await;
    assert!(
        job.contains("4 of 4 travellers") && job.contains("1 alerts") && job.contains("1 rejected"),
        "{job}"
    );
    b.find("#scr-results tbody tr").await;
    let alert = b.text("#scr-results tr[data-ref=PAX2]").await;
    assert!(
        alert.contains("ALERT") && alert.contains("Mohammed Al-Hassan (INTERPOL/P1)"),
        "{alert}"
    );
    assert!(alert.contains("arrest and notify INTERPOL NCB"), "{alert}");
    let rejected = b.text("#scr-results tr[data-ref=PAX4]").await;
    assert!(
        rejected.to_lowercase().contains("rejected") && rejected.contains("surname"),
        "{rejected}"
    );
    assert_eq!(b.count("#scr-results tbody tr").await, 4);
    b.screenshot("screening-all").await;

    // alerts only
    b.find("#scr-filter")
        .await
        .select_by_value("alert")
        .await
        .unwrap();
    let refs = b
        .js("return [...document.querySelectorAll('#scr-results tbody tr')].map(r => r.dataset.ref)")
        .await;
    assert_eq!(refs, json!(["PAX2"]));
    assert_eq!(b.text("#scr-shown").await, "1 of 4 shown");
    // sorting by traveller, descending on a second click
    b.find("#scr-filter")
        .await
        .select_by_value("all")
        .await
        .unwrap();
    b.find("button.sort[data-key=traveller]")
        .await
        .click()
        .await
        .unwrap();
    b.find("button.sort[data-key=traveller]")
        .await
        .click()
        .await
        .unwrap();
    let refs = b
        .js("return [...document.querySelectorAll('#scr-results tbody tr')].map(r => r.dataset.ref)")
        .await;
    assert_eq!(
        refs,
        json!(["PAX1", "PAX3", "PAX2", "PAX4"]),
        "Smith, Dupont, Al-Hasan, then no name"
    );

    // the CSV export is made in the browser: catch the blob it hands to the download
    b.find("#scr-filter")
        .await
        .select_by_value("alert")
        .await
        .unwrap();
    b.js("window.__blobs = []; const make = URL.createObjectURL; URL.createObjectURL = (x) => { window.__blobs.push(x); return make(x); }; return null").await;
    b.find("#scr-export-csv").await.click().await.unwrap();
    let csv = b
        .client
        .execute_async(
            "const done = arguments[0]; window.__blobs[0].text().then(done)",
            vec![],
        )
        .await
        .unwrap();
    let csv = csv.as_str().unwrap();
    assert!(csv.starts_with("n,position,ref,traveller"), "{csv}");
    assert_eq!(
        csv.lines().count(),
        2,
        "the header and the one alert shown: {csv}"
    );
    assert!(csv.contains("PAX2") && csv.contains(",alert,"), "{csv}");
    // and as JSON: the service's lines of the rows shown
    b.find("#scr-export-json").await.click().await.unwrap();
    let exported = b
        .client
        .execute_async(
            "const done = arguments[0]; window.__blobs[1].text().then(done)",
            vec![],
        )
        .await
        .unwrap();
    let exported: Value = serde_json::from_str(exported.as_str().unwrap()).unwrap();
    let lines = exported.as_array().unwrap();
    assert_eq!(lines.len(), 1, "{exported}");
    assert!(exported.to_string().contains("PAX2"), "{exported}");
    b.screenshot("screening-alerts").await;
    b.finish(&[]).await;
}

async fn an_admin_reloads_a_changed_feed_and_sees_the_new_counts(desk: &Desk) {
    let b = desk.browser().await;
    b.sign_in(&desk.server.local_key).await;
    b.goto("/console/#/admin").await;
    let row = "#feeds tr[data-source=EUROPOL]";
    b.wait_text(&format!("{row} .persons"), "3").await;
    assert_eq!(b.text(&format!("{row} .documents")).await, "1");

    // the feed file in the feed directory gains two persons
    let feed = desk.data().join("feeds/EUROPOL.jsonl");
    let mut text = std::fs::read_to_string(&feed).unwrap();
    text.push_str(
        r#"{"kind":"person","source":"EUROPOL","id":"E4","names":["Zoltan Kovacs"],"date_of_birth":"1979-05-06","nationality":["HUN"],"category":"suspect","action":"notify EUROPOL"}
{"kind":"person","source":"EUROPOL","id":"E5","names":["Ana Popescu"],"category":"missing","action":"locate"}
"#,
    );
    std::fs::write(&feed, text).unwrap();
    b.find(&format!("{row} button[data-reload=EUROPOL]"))
        .await
        .click()
        .await
        .unwrap();
    let said = b.wait_text("#admin-message", "succeeded").await;
    assert!(said.contains("4 → 6 records"), "{said}");
    b.wait_text(&format!("{row} .persons"), "5").await;
    assert_eq!(b.text(&format!("{row} .documents")).await, "1");
    let success = b.text(row).await;
    assert!(success.contains("full · 4 → 6"), "last success: {success}");
    // the job is listed and its details are shown
    let jobs = b.text("#jobs tbody tr").await.to_lowercase(); // states shown in capitals
    assert!(
        jobs.contains("europol") && jobs.contains("reload") && jobs.contains("succeeded"),
        "{jobs}"
    );
    assert!(b.text("#job-detail").await.contains("4 → 6"));

    // an API key is created and shown once
    b.find("#key-agency").await.clear().await.unwrap();
    b.find("#key-agency")
        .await
        .send_keys("ITA-NCB")
        .await
        .unwrap();
    b.find("#key-label")
        .await
        .send_keys("desk 7")
        .await
        .unwrap();
    b.find("#key-submit").await.click().await.unwrap();
    let secret = b.text("#key-secret").await;
    assert!(secret.len() > 40, "{secret}");
    b.wait_text("#keys", "desk 7").await;
    b.screenshot("admin").await;

    // the new key is revoked from the page (asked, then confirmed) and stops working at once
    let id = secret
        .strip_prefix("fl_")
        .and_then(|s| s.split('_').next())
        .unwrap_or_else(|| panic!("key id of {secret}"))
        .to_string();
    b.find(&format!("#keys button[data-revoke='{id}']"))
        .await
        .click()
        .await
        .unwrap();
    b.find(&format!("#keys button[data-confirm='{id}']"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_text("#admin-message", &format!("Key {id} revoked"))
        .await;
    b.find(&format!("#keys tr.revoked[data-key='{id}']")).await;
    let (status, _) = desk.server.request(
        "GET",
        "/v1/session",
        None,
        &[("Authorization", &format!("Bearer {secret}"))],
    );
    assert_eq!(status, 401, "a revoked key is refused");

    // an upload with a bad line is rejected, lists the line and changes nothing
    let bad = desk.data().join("frontex-bad.jsonl");
    std::fs::write(
        &bad,
        r#"{"kind":"person","source":"FRONTEX","id":"F9","names":["Ivan Petrov"],"category":"suspect","action":"notify FRONTEX"}
{"kind":"person","source":"FRONTEX","id":"F10","names":["Olga Ivanova"],"sharing":"evryone","category":"suspect","action":"notify FRONTEX"}
"#,
    )
    .unwrap();
    b.find("#up-source")
        .await
        .send_keys("FRONTEX")
        .await
        .unwrap();
    b.find("#up-file")
        .await
        .send_keys(bad.to_str().unwrap())
        .await
        .unwrap();
    b.find("#up-submit").await.click().await.unwrap();
    let said = b.wait_text("#admin-message", "rejected").await;
    assert!(said.contains("nothing was applied"), "{said}");
    b.wait_text("#job-detail .bad-lines", "1 bad entry; nothing was applied")
        .await;
    let first_bad = b.text("#job-detail .bad-lines tbody tr").await;
    assert!(
        first_bad.starts_with('2') && first_bad.contains("sharing"),
        "line 2, naming the misspelled field's problem: {first_bad}"
    );
    let frontex = "#feeds tr[data-source=FRONTEX]";
    assert_eq!(b.text(&format!("{frontex} .persons")).await, "3");
    assert!(
        b.text(frontex).await.contains("rejected"),
        "the last failure is shown"
    );
    b.screenshot("admin-rejected").await;
    b.finish(&[]).await;
}

async fn a_key_without_admin_sees_no_admin_page_and_a_revoked_key_signs_out(desk: &Desk) {
    let officer = key(desk.data(), "FRA-NCB", "officer");
    let b = desk.browser().await;
    b.sign_in(&officer).await;
    assert!(!b.exists("#nav-admin").await, "no admin link");
    assert!(!b.exists("#nav-screening").await, "no screening link");
    b.goto("/console/#/admin").await;
    let denied = b
        .wait_text("#page-denied", "does not hold the admin role")
        .await;
    assert!(denied.contains("FRA-NCB"), "{denied}");
    assert!(
        !b.exists("#page-admin").await,
        "the admin page is never built"
    );
    assert!(!b.exists("#feeds").await && !b.exists("#keys").await);
    b.goto("/console/#/screening").await;
    b.wait_text("#page-denied", "does not hold the screener role")
        .await;
    assert!(!b.exists("#scr-file").await);
    b.screenshot("denied").await;

    // the key is revoked while the tab is open: the next call lands on sign-in
    b.goto("/console/#/officer").await;
    let id = b
        .js("return document.querySelector('#who').textContent")
        .await;
    let id = id
        .as_str()
        .unwrap()
        .split("key ")
        .nth(1)
        .unwrap()
        .trim()
        .to_string();
    let out = cli(desk.data(), &["keys", "revoke", &id]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    b.find("#q")
        .await
        .send_keys("Olga Smirnova\n")
        .await
        .unwrap();
    b.wait_text("#signin-message", "Signed out").await;
    assert!(b.find("#page-signin").await.is_displayed().await.unwrap());
    assert_eq!(
        b.js("return sessionStorage.length").await,
        0,
        "the key is forgotten"
    );
    b.screenshot("revoked").await;
    b.finish(&["401"]).await;
}

#[test]
fn the_console_is_served_with_strict_headers_and_the_session_route_tells_the_roles() {
    let (dir, server) = fixture_server();
    let (status, headers, _) = server.try_request_full("GET", "/", b"", &[]).unwrap();
    let header = |hs: &[(String, String)], name: &str| {
        hs.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    assert!((300..400).contains(&status), "{status}");
    assert_eq!(header(&headers, "location").as_deref(), Some("/console/"));

    let (status, headers, body) = server
        .try_request_full("GET", "/console/", b"", &[("Authorization", "")])
        .unwrap();
    assert_eq!(status, 200, "the page needs no key");
    assert!(body
        .as_str()
        .unwrap()
        .contains("<script type=\"module\" src=\"app.js\">"));
    let csp = header(&headers, "content-security-policy").unwrap();
    assert!(
        csp.starts_with("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(
        header(&headers, "x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(header(&headers, "x-frame-options").as_deref(), Some("DENY"));
    assert_eq!(
        header(&headers, "cache-control").as_deref(),
        Some("no-cache")
    );
    let etag = header(&headers, "etag").unwrap();
    let (status, _, _) = server
        .try_request_full("GET", "/console/", b"", &[("If-None-Match", &etag)])
        .unwrap();
    assert_eq!(status, 304);
    let (_, headers, _) = server
        .try_request_full("GET", "/console/app.js", b"", &[])
        .unwrap();
    assert_eq!(
        header(&headers, "content-type").as_deref(),
        Some("text/javascript; charset=utf-8")
    );

    let (status, headers, body) = server
        .try_request_full("GET", "/console/nope.js", b"", &[])
        .unwrap();
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found", "{body}");
    assert!(header(&headers, "content-security-policy").is_some());

    // GET /v1/session: any valid key, whatever its roles; no key is a 401
    let screener = key(dir.path(), "FRA-PAF", "screener");
    let (status, session) = server.request(
        "GET",
        "/v1/session",
        None,
        &[("Authorization", &format!("Bearer {screener}"))],
    );
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["agency"], "FRA-PAF");
    assert_eq!(session["roles"], json!(["screener"]));
    assert!(
        session["key_id"]
            .as_str()
            .is_some_and(|id| screener.contains(id)),
        "{session}"
    );
    assert!(
        session.get("label").is_none() && session.get("digest").is_none(),
        "{session}"
    );
    let (status, local) = server.get("/v1/session");
    assert_eq!(status, 200);
    assert_eq!(local["agency"], "LOCAL");
    assert_eq!(local["roles"], json!(["officer", "screener", "admin"]));
    let (status, body) = server.request(
        "GET",
        "/v1/session",
        None,
        &[("Authorization", "Bearer nope")],
    );
    assert_eq!(
        (status, &body["error"]["code"]),
        (401, &json!("unauthorized"))
    );
}
