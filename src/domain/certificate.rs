//! Certificates of authenticity: issued to the buyer when an order settles, signed by the server, public
//! at `/certificates/{serial}` (printable, and as a PDF).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Won;

/// What a certificate states — exactly what the server signs (`server::certificates`), stored as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateBody {
    pub v: u8,
    pub serial: String,
    pub artwork_id: u64,
    pub title: String,
    pub medium: String,
    /// `45.5 × 38 cm`.
    pub size: Option<String>,
    pub year: Option<u16>,
    /// The cover image at issuance.
    pub image_url: Option<String>,
    pub artist_nickname: String,
    pub artist_college: Option<String>,
    pub artist_verified_student: bool,
    pub order_id: u64,
    /// When the work was sold (the order was paid).
    pub sold_at: DateTime<Utc>,
    /// The price (shown only if the buyer allows).
    pub price: Won,
    pub issued_at: DateTime<Utc>,
}

/// A certificate as its public page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    pub serial: String,
    /// The stored statement carries this server's valid signature.
    pub genuine: bool,
    /// An admin took the work down (e.g. plagiarism): the certificate no longer vouches for it.
    #[serde(default)]
    pub revoked: bool,
    pub title: String,
    pub medium: String,
    pub size: Option<String>,
    pub year: Option<u16>,
    pub image_url: Option<String>,
    pub artwork_id: u64,
    pub artist_nickname: String,
    pub artist_college: Option<String>,
    pub artist_verified_student: bool,
    pub sold_at: DateTime<Utc>,
    /// Only when the buyer allows it (or to the buyer).
    pub price: Option<Won>,
    pub issued_at: DateTime<Utc>,
    /// Base64 Ed25519 signature and the public key it verifies with.
    pub signature: String,
    pub key: String,
    /// The page's own address, as the QR code encodes it.
    pub url: String,
    /// The QR code of `url`, an SVG drawn on the server.
    pub qr_svg: String,
    /// The viewer bought the work (may show or hide the price).
    pub viewer_is_owner: bool,
    pub show_price: bool,
}

/// A certified sale on an artist's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertifiedSale {
    pub serial: String,
    pub artwork_id: u64,
    pub title: String,
    pub cover_url: Option<String>,
    pub issued_at: DateTime<Utc>,
}

/// Serials: `AP-` and twelve Crockford base-32 characters in groups of four (`AP-7Q4M-2K9X-ZT3D`).
pub fn is_serial(s: &str) -> bool {
    const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let Some(rest) = s.strip_prefix("AP-") else { return false };
    let groups: Vec<&str> = rest.split('-').collect();
    groups.len() == 3 && groups.iter().all(|g| g.len() == 4 && g.chars().all(|c| ALPHABET.contains(c)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn serials_have_one_shape() {
        assert!(super::is_serial("AP-7Q4M-2K9X-ZT3D"));
        for bad in ["AP-7Q4M-2K9X-ZT3", "AP-7Q4M-2K9X-ZT3I", "ap-7q4m-2k9x-zt3d", "AP-7Q4M2K9XZT3D", "", "AP-7Q4M-2K9X-ZT3D-0000", "../etc"]
        {
            assert!(!super::is_serial(bad), "{bad}");
        }
    }
}
