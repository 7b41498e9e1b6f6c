//! Browser tests: headless Chromium driven through chromedriver (WebDriver), against a real app.

#[path = "../support/mod.rs"]
mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use support::{AUTHOR_EMAIL, AUTHOR_PASSWORD, spawn_app};

/// chromedriver and one browser session; the driver is killed when this is dropped.
struct Browser {
    driver: Child,
    client: Client,
    _profile: TempDir,
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    async fn start() -> Self {
        let port = free_port();
        let driver =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver runs (Debian package chromium-driver)");
        let profile = TempDir(std::env::temp_dir().join(format!("sillage-chromium-{port}")));
        let mut args = vec![
            "--headless=new".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--no-first-run".to_owned(),
            "--window-size=1280,900".to_owned(),
            format!("--user-data-dir={}", profile.0.display()),
        ];
        if nix::unistd::Uid::effective().is_root() {
            args.push("--no-sandbox".to_owned());
        }
        let mut options = json!({ "args": args });
        if let Ok(binary) = std::env::var("CHROMIUM") {
            options["binary"] = json!(binary);
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let attempt = ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await;
            match attempt {
                Ok(client) => break client,
                Err(error) if Instant::now() > deadline => panic!("no WebDriver session: {error}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Self {
            driver,
            client,
            _profile: profile,
        }
    }
}

#[tokio::test]
async fn the_author_publishes_a_table_and_a_reader_sees_it() {
    let app = spawn_app().await;
    app.set_up_author().await;

    let author = Browser::start().await;
    let c = &author.client;
    c.goto(&format!("{}/admin/login", app.address))
        .await
        .unwrap();
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys(AUTHOR_EMAIL)
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(AUTHOR_PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("form.stack button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css(".admin-nav"))
        .await
        .unwrap();

    c.goto(&format!("{}/admin/articles/new", app.address))
        .await
        .unwrap();
    c.find(Locator::Id("title"))
        .await
        .unwrap()
        .send_keys("Tableau des autonomies")
        .await
        .unwrap();
    let body = "## Tableau récapitulatif\n\n| Modèle | Batterie | Autonomie |\n|---|---|---|\n| Citadine | LFP 40 kWh | 300 km |\n| Berline | NMC 80 kWh | 600 km |\n";
    c.find(Locator::Id("body"))
        .await
        .unwrap()
        .send_keys(body)
        .await
        .unwrap();
    // The live preview shows the table before anything is saved.
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#preview table"))
        .await
        .expect("the live preview renders the table");
    c.find(Locator::Css("button[name=action][value=publish]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let flash = c.wait().for_element(Locator::Css(".flash")).await.unwrap();
    assert_eq!(flash.text().await.unwrap(), "Article publié.");

    let reader = Browser::start().await;
    let r = &reader.client;
    r.goto(&format!("{}/", app.address)).await.unwrap();
    r.find(Locator::LinkText("Tableau des autonomies"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let table = r
        .wait()
        .for_element(Locator::Css(".article__body table"))
        .await
        .unwrap();
    let headers: Vec<String> = {
        let mut out = Vec::new();
        for th in table.find_all(Locator::Css("th")).await.unwrap() {
            out.push(th.text().await.unwrap());
        }
        out
    };
    assert_eq!(headers, vec!["Modèle", "Batterie", "Autonomie"]);
    let cell = table
        .find(Locator::Css("tbody tr:nth-child(2) td:nth-child(3)"))
        .await
        .unwrap();
    assert_eq!(cell.text().await.unwrap(), "600 km");
    assert!(
        r.current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/articles/tableau-des-autonomies")
    );

    reader.client.clone().close().await.unwrap();
    author.client.clone().close().await.unwrap();
}
