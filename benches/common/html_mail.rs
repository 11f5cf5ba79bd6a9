//! Real-shaped HTML mail, made here (deterministic, no network): a table-based shop
//! newsletter (~100 KB of HTML, 30 pictures: 10 in the message, 20 remote, and a tracking
//! pixel), a long text-heavy newsletter, a bank letter, and a 2 MB HTML mail.

use base64::Engine as _;

/// A small PNG of one colour.
pub fn png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let picture =
        image::RgbaImage::from_pixel(width, height, image::Rgba([rgb[0], rgb[1], rgb[2], 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn b64(data: &[u8]) -> String {
    let text = base64::engine::general_purpose::STANDARD.encode(data);
    text.as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\r\n")
}

fn headers(subject: &str, from: &str, content_type: &str) -> String {
    format!(
        "From: {from}\r\nTo: Marie Dupont <marie@example.fr>\r\nSubject: {subject}\r\n\
         Date: Tue, 01 Dec 2026 09:00:00 +0100\r\nMessage-ID: <{}@bench.example>\r\n\
         MIME-Version: 1.0\r\nContent-Type: {content_type}\r\n\r\n",
        subject.len()
    )
}

const WORDS: [&str; 24] = [
    "livraison",
    "offerte",
    "collection",
    "hiver",
    "qualité",
    "coton",
    "laine",
    "taille",
    "couleur",
    "nouveau",
    "promotion",
    "jusqu'à",
    "retour",
    "gratuit",
    "commande",
    "client",
    "Angebot",
    "Winter",
    "Lieferung",
    "kostenlos",
    "delivery",
    "quality",
    "season",
    "choice",
];

fn prose(seed: usize, words: usize) -> String {
    (0..words)
        .map(|i| WORDS[(seed * 7 + i * 13 + i / 5) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The shop newsletter: nested tables, a style sheet, 30 product pictures (10 as `cid:`
/// parts, 20 remote), a tracking pixel; multipart/related inside multipart/alternative.
pub fn shop_newsletter() -> Vec<u8> {
    let mut html = String::from(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><style>
        body { margin:0; background:#f2f2f2; font-family: Helvetica, Arial, sans-serif; }
        .wrap { width:100%; background:#f2f2f2; }
        .main { width:640px; background:#ffffff; margin:0 auto; }
        .hero { background:#1d3557; color:#ffffff; font-size:28px; padding:24px; }
        .price { color:#e63946; font-weight:bold; font-size:18px; }
        .name { color:#1d3557; font-size:14px; }
        .btn { background:#e63946; color:#ffffff; padding:10px 18px; border-radius:4px;
               text-decoration:none; display:inline-block; }
        .foot { color:#777777; font-size:11px; padding:20px; }
        @media (max-width: 600px) { .main { width:100% !important; } }
        </style></head><body>
        <table class="wrap" cellpadding="0" cellspacing="0" role="presentation"><tr><td>
        <table class="main" cellpadding="0" cellspacing="0" role="presentation" align="center">
        <tr><td class="hero">Les soldes d'hiver commencent — jusqu'à -50 %</td></tr>
        <tr><td style="padding:16px"><img src="cid:banner@shop" width="608" height="200"
          alt="Soldes" style="display:block;width:100%;height:auto"></td></tr>
        <tr><td><table width="100%" cellpadding="8" cellspacing="0" role="presentation">"#,
    );
    for row in 0..10 {
        html.push_str("<tr>");
        for col in 0..3 {
            let n = row * 3 + col;
            let src = if n < 9 {
                format!("cid:product{n}@shop")
            } else {
                format!("https://images.shop.example/products/{n}.jpg?w=200")
            };
            html.push_str(&format!(
                r#"<td width="33%" valign="top" style="border:1px solid #eeeeee;padding:8px">
                <a href="https://shop.example/p/{n}?utm_source=newsletter&amp;utm_medium=email">
                <img src="{src}" width="180" height="180" alt="Article {n}"
                  style="display:block;border:0"></a>
                <p class="name">Article {n} — {}</p>
                <p style="font-size:12px;color:#555555;line-height:1.4">{}</p>
                <p class="price">{},99 €</p>
                <a class="btn" href="https://shop.example/cart/add/{n}">Ajouter au panier</a>
                </td>"#,
                prose(n, 4),
                prose(n + 1, 320),
                19 + n * 3
            ));
        }
        html.push_str("</tr>");
    }
    html.push_str(&format!(
        r#"</table></td></tr>
        <tr><td class="foot">{}<br><a href="https://shop.example/unsubscribe">Se désabonner</a>
        <img src="https://shop.list-manage.com/track/open.php?u=42" width="1" height="1"></td></tr>
        </table></td></tr></table></body></html>"#,
        prose(99, 200)
    ));
    let mut raw = headers(
        "Les soldes d'hiver",
        "Boutique <news@shop.example>",
        "multipart/alternative; boundary=\"alt\"",
    );
    raw.push_str("--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
    raw.push_str("Voir ce message dans votre navigateur : https://shop.example/news\r\n");
    raw.push_str("--alt\r\nContent-Type: multipart/related; boundary=\"rel\"\r\n\r\n");
    raw.push_str("--rel\r\nContent-Type: text/html; charset=utf-8\r\n");
    raw.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
    raw.push_str(&b64(html.as_bytes()));
    raw.push_str("\r\n");
    let mut part = |id: &str, data: Vec<u8>| {
        raw.push_str(&format!(
            "--rel\r\nContent-Type: image/png\r\nContent-ID: <{id}>\r\n\
             Content-Transfer-Encoding: base64\r\nContent-Disposition: inline\r\n\r\n{}\r\n",
            b64(&data)
        ));
    };
    part("banner@shop", png(608, 200, [29, 53, 87]));
    for n in 0..9 {
        part(
            &format!("product{n}@shop"),
            png(180, 180, [200, (n * 25) as u8, 100]),
        );
    }
    raw.push_str("--rel--\r\n--alt--\r\n");
    raw.into_bytes()
}

/// A long newsletter that is mostly text: headings, paragraphs, links, a quote.
pub fn text_newsletter() -> Vec<u8> {
    let mut html = String::from(
        r#"<html><body style="font-family:Georgia,serif;max-width:680px;margin:auto;
        color:#222222;line-height:1.6">"#,
    );
    for article in 0..40 {
        html.push_str(&format!(
            "<h2 style=\"font-family:Arial,sans-serif\">Chronique {article} : {}</h2>",
            prose(article, 6)
        ));
        for p in 0..4 {
            html.push_str(&format!(
                "<p>{} <a href=\"https://journal.example/a/{article}/{p}\">lire la suite</a></p>",
                prose(article * 4 + p, 90)
            ));
        }
        html.push_str(&format!(
            "<blockquote style=\"border-left:3px solid #cccccc;padding-left:12px\">{}</blockquote>",
            prose(article + 3, 40)
        ));
    }
    html.push_str("</body></html>");
    let mut raw = headers(
        "La lettre de la semaine",
        "Le Journal <lettre@journal.example>",
        "multipart/alternative; boundary=\"alt\"",
    );
    raw.push_str("--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
    raw.push_str("La lettre de la semaine : https://journal.example/lettre\r\n");
    raw.push_str("--alt\r\nContent-Type: text/html; charset=utf-8\r\n");
    raw.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
    raw.push_str(&b64(html.as_bytes()));
    raw.push_str("\r\n--alt--\r\n");
    raw.into_bytes()
}

/// A bank's letter: a logo part, an account summary table, legal small print.
pub fn bank_letter() -> Vec<u8> {
    let mut rows = String::new();
    for i in 0..25 {
        rows.push_str(&format!(
            "<tr style=\"background:{}\"><td>{:02}/11/2026</td><td>{}</td>\
             <td align=\"right\">{}-{},{:02} €</td></tr>",
            if i % 2 == 0 { "#ffffff" } else { "#f4f6f8" },
            i + 1,
            prose(i, 3),
            if i % 3 == 0 { "+" } else { "" },
            12 + i * 7,
            (i * 17) % 100
        ));
    }
    let html = format!(
        r#"<html><body style="font-family:Arial,sans-serif;color:#1a1a1a">
        <table width="100%" cellpadding="0" cellspacing="0"><tr>
        <td><img src="cid:logo@bank" width="160" height="48" alt="Banque"></td>
        <td align="right" style="color:#004a8f;font-size:13px">Votre relevé de novembre</td></tr></table>
        <h1 style="color:#004a8f;font-size:22px">Madame Dupont,</h1>
        <p>Votre relevé de compte est disponible. Voici le résumé de vos opérations.</p>
        <table width="100%" cellpadding="6" cellspacing="0" style="border:1px solid #d0d7de;
        font-size:13px"><tr style="background:#004a8f;color:#ffffff"><th align="left">Date</th>
        <th align="left">Libellé</th><th align="right">Montant</th></tr>{rows}</table>
        <p><a href="https://banque.example/espace-client" style="background:#004a8f;color:#fff;
        padding:10px 16px;text-decoration:none;border-radius:3px">Accéder à mon espace</a></p>
        <p style="font-size:10px;color:#666666">{}</p></body></html>"#,
        prose(5, 160)
    );
    let mut raw = headers(
        "Votre relevé de compte",
        "Banque Exemple <no-reply@banque.example>",
        "multipart/related; boundary=\"rel\"",
    );
    raw.push_str("--rel\r\nContent-Type: text/html; charset=utf-8\r\n");
    raw.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
    raw.push_str(&b64(html.as_bytes()));
    raw.push_str(&format!(
        "\r\n--rel\r\nContent-Type: image/png\r\nContent-ID: <logo@bank>\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--rel--\r\n",
        b64(&png(160, 48, [0, 74, 143]))
    ));
    raw.into_bytes()
}

/// A 2 MB HTML mail: a long report of tables and paragraphs.
pub fn huge_mail() -> Vec<u8> {
    let mut html = String::from("<html><body style=\"font-family:sans-serif\">");
    let mut n = 0;
    while html.len() < 2_000_000 {
        html.push_str(&format!(
            "<h3>Section {n}</h3><p>{}</p><table border=\"1\" cellpadding=\"4\">",
            prose(n, 60)
        ));
        for r in 0..6 {
            html.push_str(&format!(
                "<tr><td>{r}</td><td>{}</td><td>{}</td></tr>",
                prose(n + r, 5),
                n * r
            ));
        }
        html.push_str("</table>\r\n");
        n += 1;
    }
    html.push_str("</body></html>");
    let mut raw = headers(
        "Rapport annuel",
        "Service <rapport@example.org>",
        "text/html; charset=utf-8",
    );
    raw.push_str(&html);
    raw.into_bytes()
}
