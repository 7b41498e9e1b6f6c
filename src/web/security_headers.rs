//! Headers sent with every response: a strict Content-Security-Policy (no inline script, no
//! third party), no MIME sniffing, a discreet referrer, no framing, and HSTS when the site is
//! served over https.

use actix_web::middleware::DefaultHeaders;

/// The policy: everything from this origin only; images may also be inline data.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

/// HSTS: a year, this host only (other hosts of the domain may not all speak https).
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// The middleware adding the security headers (a handler may still override one); `https`
/// adds `Strict-Transport-Security`.
pub fn security_headers(https: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "strict-origin-when-cross-origin"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ));
    if https {
        headers.add(("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY))
    } else {
        headers
    }
}
