//! The author publishes through the admin panel; a reader reads.

use std::time::Duration;

use fantoccini::Locator;

use crate::driver::Browser;
use crate::support::{AUTHOR_EMAIL, AUTHOR_PASSWORD, spawn_app};

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
