//! Where Facteur keeps its files.
//!
//! By default the platform's folders (XDG on Linux: `~/.config/facteur`,
//! `~/.local/share/facteur`, `~/.cache/facteur`). `FACTEUR_HOME=DIR` puts all three under one
//! folder (`DIR/config`, `DIR/data`, `DIR/cache`), which is what tests, the demo and the
//! benchmarks use so that they never touch a real profile.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The environment variable that moves every Facteur file under one folder.
pub const HOME_VAR: &str = "FACTEUR_HOME";

/// The three folders of one Facteur profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    pub cache_dir: PathBuf,
}

impl Paths {
    /// The profile named by `FACTEUR_HOME`, else the platform's folders.
    pub fn from_env() -> Result<Paths> {
        match std::env::var_os(HOME_VAR) {
            Some(home) if !home.is_empty() => Ok(Paths::under(Path::new(&home))),
            _ => {
                let dirs = directories::ProjectDirs::from("org", "Facteur", "facteur")
                    .context("no home folder is known for this user")?;
                Ok(Paths {
                    config_dir: dirs.config_dir().to_path_buf(),
                    data_dir: dirs.data_dir().to_path_buf(),
                    cache_dir: dirs.cache_dir().to_path_buf(),
                })
            }
        }
    }

    /// A profile that lives entirely under `home`.
    pub fn under(home: &Path) -> Paths {
        Paths {
            config_dir: home.join("config"),
            data_dir: home.join("data"),
            cache_dir: home.join("cache"),
        }
    }

    /// The accounts and preferences file.
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("facteur.toml")
    }

    /// The local mail cache.
    pub fn store_file(&self) -> PathBuf {
        self.data_dir.join("facteur.sqlite3")
    }

    /// The key of the draft open in the composer, while it is open: a composer that was not
    /// closed (a crash, a killed session) opens again with it at the next start.
    pub fn open_draft_file(&self) -> PathBuf {
        self.data_dir.join("open-draft")
    }

    /// Creates the three folders (private to the user) if they are missing.
    pub fn create(&self) -> Result<()> {
        for dir in [&self.config_dir, &self.data_dir, &self.cache_dir] {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the folder {}", dir.display()))?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                    .with_context(|| format!("cannot restrict the folder {}", dir.display()))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_home_holds_all_three_folders() {
        let paths = Paths::under(Path::new("/x/profile"));
        assert_eq!(
            paths.config_file(),
            Path::new("/x/profile/config/facteur.toml")
        );
        assert_eq!(
            paths.store_file(),
            Path::new("/x/profile/data/facteur.sqlite3")
        );
        assert_eq!(paths.cache_dir, Path::new("/x/profile/cache"));
    }
}
