//! Browser-like HTTP clients for the tests: each from its own loopback address, with a cookie jar.

use super::TestApp;

/// A client from a random loopback address (so per-IP limits in the shared Redis never collide), not
/// following redirects; `cookies` gives it a cookie jar like a browser's.
pub(super) fn client(cookies: bool) -> reqwest::Client {
    client_from(cookies, random_loopback())
}

fn random_loopback() -> std::net::Ipv4Addr {
    let mut rng = rand::thread_rng();
    std::net::Ipv4Addr::new(127, rand::Rng::gen_range(&mut rng, 1..=254), rand::Rng::gen(&mut rng), rand::Rng::gen_range(&mut rng, 2..=254))
}

fn client_from(cookies: bool, client_ip: std::net::Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::V4(client_ip))
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(cookies)
        .build()
        .expect("http client")
}

/// A browser-like client: its own address and cookie jar; server functions are posted as forms with
/// this site's `Origin`, as a page would.
#[derive(Clone)]
pub struct Browser {
    pub http: reqwest::Client,
    /// The loopback address this browser connects from (its per-client limits are keyed by it).
    pub ip: std::net::Ipv4Addr,
    base: String,
}

impl Browser {
    /// A new browser (its own address and cookie jar) for a site at `base` (`http://127.0.0.1:8080`).
    pub fn new_at(base: &str) -> Browser {
        let ip = random_loopback();
        Browser { http: client_from(true, ip), ip, base: base.trim_end_matches('/').to_string() }
    }

    /// The same browser (address and cookie jar; cookies are per host, not per port) at another `base`.
    pub fn at(&self, base: &str) -> Browser {
        Browser { http: self.http.clone(), ip: self.ip, base: base.trim_end_matches('/').to_string() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path_or_url: &str) -> reqwest::Response {
        let url = if path_or_url.starts_with("http") { path_or_url.to_string() } else { self.url(path_or_url) };
        self.http.get(url).send().await.expect("request reaches the server")
    }

    /// Calls the server function at `/api/{endpoint}` with form fields.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/api/{endpoint}")))
            .header("origin", &self.base)
            .form(form)
            .send()
            .await
            .expect("request reaches the server")
    }
}

impl TestApp {
    pub fn browser(&self) -> Browser {
        let ip = random_loopback();
        Browser { http: client_from(true, ip), ip, base: self.url("") }
    }
}
