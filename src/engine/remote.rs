//! Remote images of a message, downloaded only when the user asks for them (the reader blocks
//! them by default: loading them tells the sender when and where the mail was read).
//!
//! Limits, so a hostile message cannot exhaust memory or time: at most [`MAX_IMAGES`] images,
//! each at most [`MAX_BYTES`], with a timeout; only `http`/`https` addresses; only data that is
//! a PNG, JPEG, GIF or WebP image is kept.

use std::time::Duration;

use tokio::sync::mpsc;

use crate::engine::Event;

pub const MAX_IMAGES: usize = 30;
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(15);

/// One image as downloaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteImage {
    pub url: String,
    pub data: Vec<u8>,
}

/// Downloads the images (a few at a time) and reports them as one event.
pub async fn load(
    request: crate::engine::RequestId,
    urls: Vec<String>,
    events: mpsc::UnboundedSender<Event>,
) {
    let images = fetch_all(urls).await;
    let _ = events.send(Event::RemoteImages { request, images });
}

async fn fetch_all(urls: Vec<String>) -> Vec<RemoteImage> {
    let Some(client) = crate::setup::https_client(None, TIMEOUT) else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    let urls: Vec<String> = urls
        .into_iter()
        .filter(|u| {
            let lower = u.to_ascii_lowercase();
            (lower.starts_with("https://") || lower.starts_with("http://"))
                && seen.insert(u.clone())
        })
        .take(MAX_IMAGES)
        .collect();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, url) in urls.into_iter().enumerate() {
        let client = client.clone();
        tasks.spawn(async move {
            (
                i,
                fetch(&client, &url)
                    .await
                    .map(|data| RemoteImage { url, data }),
            )
        });
    }
    let mut found: Vec<(usize, RemoteImage)> = Vec::new();
    while let Some(done) = tasks.join_next().await {
        if let Ok((i, Some(image))) = done {
            found.push((i, image));
        }
    }
    found.sort_by_key(|(i, _)| *i);
    found.into_iter().map(|(_, image)| image).collect()
}

async fn fetch(client: &reqwest::Client, url: &str) -> Option<Vec<u8>> {
    let mut response = client.get(url).send().await.ok()?;
    if !response.status().is_success() {
        return None;
    }
    if response
        .content_length()
        .is_some_and(|n| n > MAX_BYTES as u64)
    {
        return None;
    }
    let mut data = Vec::new();
    while let Some(chunk) = response.chunk().await.ok()? {
        if data.len() + chunk.len() > MAX_BYTES {
            return None;
        }
        data.extend_from_slice(&chunk);
    }
    is_image(&data).then_some(data)
}

/// Whether the data is an image of a format the reader can show.
pub fn is_image(data: &[u8]) -> bool {
    matches!(
        image::guess_format(data),
        Ok(image::ImageFormat::Png
            | image::ImageFormat::Jpeg
            | image::ImageFormat::Gif
            | image::ImageFormat::WebP)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_image_data_is_kept() {
        assert!(is_image(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(is_image(b"GIF89a\x01\x00\x01\x00"));
        assert!(!is_image(b"<html><script>alert(1)</script>"));
        assert!(!is_image(b""));
    }
}
