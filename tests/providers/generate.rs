//! Makes Facteur's bundled provider data (`resources/providers/bundled.toml`) from two public
//! data sets and Facteur's own additions. Run by `scripts/update-providers`; the test beside
//! it fails when the committed file is not what this makes from its sources.
//!
//! The sources, as `../shared/provider-data/` holds them (or a newer copy of the same
//! repositories):
//! - `ispdb/*.xml`: Thunderbird's ISPDB, config-v1.1 files read by Facteur's own parser
//!   ([`facteur::setup::autoconfig::parse_template`]);
//! - `deltachat/*.md`: Delta Chat's provider database, YAML front matter (status, domains,
//!   servers, website); its hints are not copied: Facteur says them in its own words through
//!   the closed set of notes.
//!
//! Precedence, field by field: Facteur's additions, then the ISPDB (the newer and fuller of
//! the two: POP3, user-name forms, retention hints), then Delta Chat (status: BROKEN means no
//! mail app works, PREPARATION that a step is needed first). Every disagreement between the
//! sources, and every fact that needs a person (a PREPARATION provider with no note of
//! Facteur's, an OAuth2-only provider without endpoints), is reported.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use facteur::account::{AuthMethod, Security};
use facteur::setup::autoconfig::{self, Template};
use facteur::setup::providers::{Provider, normalize_domain};
use facteur::setup::{Pop3Hints, ProviderNote, ServerTemplate, Servers, Unsupported};
use serde::Deserialize;

/// One provider of Facteur's hand-kept additions (`resources/providers/facteur.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Addition {
    pub id: String,
    pub name: Option<String>,
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default)]
    pub mx: Vec<String>,
    pub imap: Option<Vec<ServerTemplate>>,
    pub pop3: Option<Vec<ServerTemplate>>,
    pub smtp: Option<Vec<ServerTemplate>>,
    #[serde(default)]
    pub notes: Vec<ProviderNote>,
    #[serde(default)]
    pub reviewed: bool,
    pub unsupported: Option<Unsupported>,
    #[serde(default)]
    pub supported: bool,
    pub help_url: Option<String>,
    #[serde(default)]
    pub sent_saved_by_server: bool,
    pub oauth2: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Additions {
    provider: Vec<Addition>,
}

pub fn parse_additions(text: &str) -> Result<Vec<Addition>, String> {
    toml::from_str::<Additions>(text)
        .map(|a| a.provider)
        .map_err(|e| e.to_string())
}

/// A provider of Delta Chat's database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeltaChat {
    pub id: String,
    pub name: String,
    pub status: DcStatus,
    pub domains: Vec<String>,
    pub servers: Servers,
    pub website: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DcStatus {
    Ok,
    Preparation,
    Broken,
}

#[derive(Deserialize)]
struct DcFront {
    name: String,
    status: DcStatus,
    #[serde(default)]
    domains: Vec<String>,
    #[serde(default)]
    server: Vec<DcServer>,
    website: Option<String>,
}

#[derive(Deserialize)]
struct DcServer {
    #[serde(rename = "type")]
    kind: String,
    socket: String,
    hostname: String,
    port: u16,
    username_pattern: Option<String>,
}

/// Reads one Delta Chat file (`id` is its name without `.md`): the YAML between the first two
/// `---` lines.
pub fn parse_deltachat(id: &str, text: &str) -> Result<DeltaChat, String> {
    let text = text.replace("\r\n", "\n");
    let body = text
        .strip_prefix("---\n")
        .ok_or("no front matter (the file does not start with ---)")?;
    let end = body.find("\n---").ok_or("the front matter does not end")?;
    let front: DcFront = serde_yaml_ng::from_str(&body[..end]).map_err(|e| e.to_string())?;
    let mut servers = Servers::default();
    for s in front.server {
        let security = match s.socket.to_ascii_uppercase().as_str() {
            "SSL" => Security::Tls,
            "STARTTLS" => Security::Starttls,
            "PLAIN" => Security::None,
            other => return Err(format!("unknown socket {other}")),
        };
        let username = match s.username_pattern.as_deref().map(str::to_ascii_uppercase) {
            Some(p) if p == "EMAILLOCALPART" => "%EMAILLOCALPART%",
            _ => ServerTemplate::WHOLE_ADDRESS,
        };
        let t = ServerTemplate {
            host: s.hostname.trim().to_ascii_lowercase(),
            port: s.port,
            security,
            username: username.to_string(),
            auth: AuthMethod::Password,
        };
        if !t.is_valid() {
            return Err(format!("invalid server {}:{}", t.host, t.port));
        }
        match s.kind.as_str() {
            "imap" => servers.imap.push(t),
            "pop3" => servers.pop3.push(t),
            "smtp" => servers.smtp.push(t),
            other => return Err(format!("unknown server type {other}")),
        }
    }
    Ok(DeltaChat {
        id: id.to_string(),
        name: front.name,
        status: front.status,
        domains: front.domains,
        servers,
        website: front.website,
    })
}

/// An ISPDB provider, named after its file.
#[derive(Debug, Clone)]
pub struct Ispdb {
    pub id: String,
    pub template: Template,
}

/// Everything the generator reads.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub ispdb: Vec<Ispdb>,
    pub deltachat: Vec<DeltaChat>,
    pub additions: Vec<Addition>,
}

/// What the generator made, and what it has to say about it.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub providers: Vec<Provider>,
    /// The sources disagree; the report says which was kept.
    pub conflicts: Vec<String>,
    /// A person has to decide (the test fails while any is left).
    pub to_review: Vec<String>,
    /// Left out, and why.
    pub skipped: Vec<String>,
}

fn files(dir: &Path, ext: &str) -> Result<Vec<(String, String)>, String> {
    let mut list = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().and_then(|e| e.to_str()) != Some(ext) {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        list.push((stem, text));
    }
    list.sort();
    Ok(list)
}

/// Reads the two data sets below `dir` (its `ispdb/` and `deltachat/`) and the additions.
pub fn read(dir: &Path, additions: &str) -> Result<Sources, String> {
    let mut sources = Sources {
        additions: parse_additions(additions)?,
        ..Sources::default()
    };
    for (id, text) in files(&dir.join("ispdb"), "xml")? {
        let template = autoconfig::parse_template(text.as_bytes())
            .map_err(|e| format!("ispdb/{id}.xml: {e}"))?;
        sources.ispdb.push(Ispdb { id, template });
    }
    for (id, text) in files(&dir.join("deltachat"), "md")? {
        sources
            .deltachat
            .push(parse_deltachat(&id, &text).map_err(|e| format!("deltachat/{id}.md: {e}"))?);
    }
    if sources.ispdb.is_empty() || sources.deltachat.is_empty() {
        return Err(format!("{}: no ispdb/ or deltachat/ files", dir.display()));
    }
    Ok(sources)
}

/// Who a provider of the output is made of.
#[derive(Default)]
struct Group {
    id: String,
    addition: Option<usize>,
    ispdb: Vec<usize>,
    deltachat: Vec<usize>,
    domains: Vec<String>,
}

/// The groups that already own one of `domains`, in the domains' order.
fn groups_serving(owner: &HashMap<String, usize>, domains: &[String]) -> Vec<usize> {
    let mut serving: Vec<usize> = Vec::new();
    for d in domains {
        if let Some(&g) = owner.get(d)
            && !serving.contains(&g)
        {
            serving.push(g);
        }
    }
    serving
}

/// A domain an address can have (not `yggmail`, not `*.hermes.radio`).
fn usable_domain(d: &str) -> bool {
    d.contains('.') && facteur::setup::valid_host(d)
}

/// Merges the sources (see the module's comment for the precedence).
pub fn generate(sources: &Sources) -> Output {
    let mut out = Output::default();
    let mut groups: Vec<Group> = Vec::new();
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut new_group = |groups: &mut Vec<Group>, id: &str, out: &mut Output| {
        let mut unique = id.to_string();
        let mut n = 2;
        while ids.contains_key(&unique) {
            unique = format!("{id}-{n}");
            n += 1;
        }
        if unique != id {
            out.conflicts.push(format!(
                "two providers are called {id}: the second is {unique}"
            ));
        }
        ids.insert(unique.clone(), groups.len());
        groups.push(Group {
            id: unique,
            ..Group::default()
        });
        groups.len() - 1
    };
    // 1. Facteur's additions claim their domains.
    for (i, a) in sources.additions.iter().enumerate() {
        let g = new_group(&mut groups, &a.id, &mut out);
        groups[g].addition = Some(i);
        for d in &a.domains {
            let d = normalize_domain(d);
            if let Some(&other) = owner.get(&d) {
                out.conflicts.push(format!(
                    "additions: {d} is claimed by {} and {}; {} keeps it",
                    groups[other].id, a.id, groups[other].id
                ));
                continue;
            }
            owner.insert(d.clone(), g);
            groups[g].domains.push(d);
        }
    }
    // 2. The ISPDB's providers, then Delta Chat's, join the group that claims one of their
    // domains, or make their own; their unclaimed domains come along.
    let ispdb_domains = |i: usize| -> Vec<String> {
        sources.ispdb[i]
            .template
            .domains
            .iter()
            .map(|d| normalize_domain(d))
            .collect()
    };
    let mut by_ispdb: HashMap<String, usize> = HashMap::new();
    for i in 0..sources.ispdb.len() {
        let domains = ispdb_domains(i);
        // Its servers serve every group that claims one of its domains; its other domains
        // join the first of them.
        let mut serving = groups_serving(&owner, &domains);
        if serving.is_empty() {
            serving.push(new_group(&mut groups, &sources.ispdb[i].id, &mut out));
        }
        for &g in &serving {
            groups[g].ispdb.push(i);
        }
        let g = serving[0];
        for d in domains {
            if !usable_domain(&d) {
                out.skipped
                    .push(format!("ispdb/{}: domain {d:?}", sources.ispdb[i].id));
                continue;
            }
            match by_ispdb.get(&d) {
                Some(&first) if first != i => out.conflicts.push(format!(
                    "{d} is in ispdb/{} and ispdb/{}: the first is kept",
                    sources.ispdb[first].id, sources.ispdb[i].id
                )),
                _ => {
                    by_ispdb.insert(d.clone(), i);
                }
            }
            if !owner.contains_key(&d) {
                owner.insert(d.clone(), g);
                groups[g].domains.push(d);
            }
        }
    }
    for (i, dc) in sources.deltachat.iter().enumerate() {
        let domains: Vec<String> = dc.domains.iter().map(|d| normalize_domain(d)).collect();
        // What Delta Chat says of its domains holds for every group that serves one of them
        // (its Zoho spans the ISPDB's Zoho EU and Zoho); its other domains join the first.
        let mut serving = groups_serving(&owner, &domains);
        if serving.is_empty() {
            serving.push(new_group(&mut groups, &dc.id, &mut out));
        }
        for &g in &serving {
            groups[g].deltachat.push(i);
        }
        let g = serving[0];
        for d in domains {
            if !usable_domain(&d) {
                out.skipped
                    .push(format!("deltachat/{}: domain {d:?}", dc.id));
                continue;
            }
            if !owner.contains_key(&d) {
                owner.insert(d.clone(), g);
                groups[g].domains.push(d);
            }
        }
    }
    // 3. Each group's fields, by precedence.
    for group in &groups {
        if group.domains.is_empty() {
            out.skipped
                .push(format!("{}: no usable address domain", group.id));
            continue;
        }
        if let Some(p) = merge(sources, group, &mut out) {
            out.providers.push(p);
        }
    }
    out.providers.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn hosts(list: &[ServerTemplate]) -> Vec<(String, u16)> {
    let mut h: Vec<(String, u16)> = list.iter().map(|t| (t.host.clone(), t.port)).collect();
    h.sort();
    h.dedup();
    h
}

fn merge(sources: &Sources, group: &Group, out: &mut Output) -> Option<Provider> {
    let addition = group.addition.map(|i| &sources.additions[i]);
    let ispdb: Vec<&Ispdb> = group.ispdb.iter().map(|&i| &sources.ispdb[i]).collect();
    let dc: Vec<&DeltaChat> = group
        .deltachat
        .iter()
        .map(|&i| &sources.deltachat[i])
        .collect();
    let name = addition
        .and_then(|a| a.name.clone())
        .or_else(|| {
            ispdb
                .iter()
                .map(|i| i.template.display_name.clone())
                .find(|n| !n.is_empty())
        })
        .or_else(|| dc.first().map(|d| d.name.clone()))
        .unwrap_or_else(|| group.id.clone());

    // Servers, protocol by protocol: an addition's list, else the first ISPDB file's, else
    // Delta Chat's. Disagreements between the sources are reported.
    for pair in ispdb.windows(2) {
        if pair[0].template.servers != pair[1].template.servers {
            out.conflicts.push(format!(
                "{}: ispdb/{} and ispdb/{} list other servers; ispdb/{} is kept",
                group.id, pair[0].id, pair[1].id, pair[0].id
            ));
        }
    }
    let from_ispdb = ispdb.first().map(|i| &i.template.servers);
    let from_dc = dc.iter().map(|d| &d.servers).find(|s| !s.is_empty());
    let pick = |protocol: &str,
                own: Option<&Vec<ServerTemplate>>,
                of: fn(&Servers) -> &Vec<ServerTemplate>,
                out: &mut Output|
     -> Vec<ServerTemplate> {
        let i = from_ispdb.map(of).filter(|l| !l.is_empty());
        let d = from_dc.map(of).filter(|l| !l.is_empty());
        if let (Some(i), Some(d)) = (i, d)
            && own.is_none()
            && !hosts(d).iter().all(|h| hosts(i).contains(h))
        {
            let show = |l: &[ServerTemplate]| {
                hosts(l)
                    .iter()
                    .map(|(h, p)| format!("{h}:{p}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            out.conflicts.push(format!(
                "{}: {protocol}: the ISPDB says {}, Delta Chat {}; the ISPDB is kept",
                group.id,
                show(i),
                show(d)
            ));
        }
        own.cloned()
            .or_else(|| i.cloned())
            .or_else(|| d.cloned())
            .unwrap_or_default()
    };
    let mut servers = Servers {
        imap: pick(
            "IMAP",
            addition.and_then(|a| a.imap.as_ref()),
            |s| &s.imap,
            out,
        ),
        pop3: pick(
            "POP3",
            addition.and_then(|a| a.pop3.as_ref()),
            |s| &s.pop3,
            out,
        ),
        smtp: pick(
            "SMTP",
            addition.and_then(|a| a.smtp.as_ref()),
            |s| &s.smtp,
            out,
        ),
    };
    let oauth2 = addition.and_then(|a| a.oauth2.clone());
    // OAuth2-only servers are of use only with endpoints Facteur knows.
    if oauth2.is_none() {
        for list in [&mut servers.imap, &mut servers.pop3, &mut servers.smtp] {
            list.retain(|t| t.auth == AuthMethod::Password);
        }
    }

    let broken = dc.iter().any(|d| d.status == DcStatus::Broken);
    let preparation = dc.iter().any(|d| d.status == DcStatus::Preparation);
    let unsupported = match addition {
        Some(a) if a.unsupported.is_some() => a.unsupported,
        Some(a) if a.supported => None,
        _ if broken => Some(Unsupported::NoMailApps),
        _ => None,
    };
    let notes = addition.map(|a| a.notes.clone()).unwrap_or_default();
    if unsupported.is_none() {
        if servers.imap.is_empty() && servers.pop3.is_empty() {
            if ispdb.iter().any(|i| !i.template.servers.is_empty()) {
                out.to_review.push(format!(
                    "{}: its only incoming servers need OAuth2: give it oauth2 endpoints or mark it unsupported",
                    group.id
                ));
            } else {
                // Delta Chat knows it works but names no server (it relies on the network's
                // answers): nothing to offer offline, discovery asks the network.
                out.skipped.push(format!(
                    "{}: the sources name no server (discovery asks the network)",
                    group.id
                ));
                return None;
            }
        }
        if preparation && notes.is_empty() && !addition.is_some_and(|a| a.reviewed) {
            out.to_review.push(format!(
                "{}: Delta Chat says a step is needed first: give it notes (or reviewed = true) in the additions",
                group.id
            ));
        }
    }
    let help_url = addition.and_then(|a| a.help_url.clone()).or_else(|| {
        (unsupported.is_some() || !notes.is_empty())
            .then(|| dc.iter().find_map(|d| d.website.clone()))
            .flatten()
    });
    let pop3_hints = ispdb
        .iter()
        .map(|i| i.template.pop3.clone())
        .find(|h| !h.is_empty())
        .unwrap_or_else(Pop3Hints::default);
    let mx = addition
        .map(|a| a.mx.iter().map(|d| normalize_domain(d)).collect())
        .unwrap_or_default();
    if unsupported.is_some() {
        servers = Servers::default();
    }
    Some(Provider {
        id: group.id.clone(),
        name,
        domains: group.domains.clone(),
        mx,
        unsupported,
        notes,
        help_url,
        sent_saved_by_server: addition.is_some_and(|a| a.sent_saved_by_server),
        oauth2,
        pop3_hints,
        servers,
    })
}

/// A TOML string (basic string, escaped).
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|d| quote(d)).collect();
    let one_line = format!("[{}]", quoted.join(", "));
    if one_line.len() <= 88 {
        return one_line;
    }
    let mut s = String::from("[\n");
    let mut line = String::from("   ");
    for q in quoted {
        if line.len() + q.len() + 2 > 96 {
            s.push_str(line.trim_end());
            s.push('\n');
            line = String::from("   ");
        }
        line.push(' ');
        line.push_str(&q);
        line.push(',');
    }
    s.push_str(line.trim_end());
    s.push_str("\n]");
    s
}

fn server(t: &ServerTemplate) -> String {
    let security = match t.security {
        Security::Tls => "tls",
        Security::Starttls => "starttls",
        Security::None => "none",
    };
    let mut s = format!(
        "{{ host = {}, port = {}, security = \"{security}\"",
        quote(&t.host),
        t.port
    );
    if t.username != ServerTemplate::WHOLE_ADDRESS {
        s.push_str(&format!(", username = {}", quote(&t.username)));
    }
    if t.auth == AuthMethod::OAuth2 {
        s.push_str(", auth = \"oauth2\"");
    }
    s.push_str(" }");
    s
}

fn kebab<T: serde::Serialize>(v: &T) -> String {
    toml::Value::try_from(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The bundled file: a header saying where it comes from, then one table per provider.
pub fn render(out: &Output) -> String {
    let mut s = String::from(
        "# Mail providers Facteur knows without asking the network: the first source of the setup\n\
         # wizard's discovery, embedded in the program (src/setup/providers.rs).\n\
         #\n\
         # GENERATED by scripts/update-providers from Thunderbird's ISPDB and Delta Chat's provider\n\
         # database (both MPL-2.0, see README.md beside this file) and Facteur's own additions\n\
         # (facteur.toml beside this file). Do not edit: edit facteur.toml and run the script.\n",
    );
    let domains: usize = out.providers.iter().map(|p| p.domains.len()).sum();
    s.push_str(&format!(
        "#\n# {} providers, {domains} address domains.\n",
        out.providers.len()
    ));
    for p in &out.providers {
        s.push_str("\n[[provider]]\n");
        s.push_str(&format!("id = {}\n", quote(&p.id)));
        s.push_str(&format!("name = {}\n", quote(&p.name)));
        s.push_str(&format!("domains = {}\n", list(&p.domains)));
        if !p.mx.is_empty() {
            s.push_str(&format!("mx = {}\n", list(&p.mx)));
        }
        if let Some(u) = &p.unsupported {
            s.push_str(&format!("unsupported = {}\n", quote(&kebab(u))));
        }
        if !p.notes.is_empty() {
            let notes: Vec<String> = p.notes.iter().map(kebab).collect();
            s.push_str(&format!("notes = {}\n", list(&notes)));
        }
        if let Some(u) = &p.help_url {
            s.push_str(&format!("help_url = {}\n", quote(u)));
        }
        if p.sent_saved_by_server {
            s.push_str("sent_saved_by_server = true\n");
        }
        if let Some(o) = &p.oauth2 {
            s.push_str(&format!("oauth2 = {}\n", quote(o)));
        }
        if !p.pop3_hints.is_empty() {
            let mut parts = Vec::new();
            if let Some(l) = p.pop3_hints.leave_on_server {
                parts.push(format!("leave_on_server = {l}"));
            }
            if let Some(d) = p.pop3_hints.days_to_leave {
                parts.push(format!("days_to_leave = {d}"));
            }
            s.push_str(&format!("pop3_hints = {{ {} }}\n", parts.join(", ")));
        }
        for (key, list) in [
            ("imap", &p.servers.imap),
            ("pop3", &p.servers.pop3),
            ("smtp", &p.servers.smtp),
        ] {
            match list.len() {
                0 => {}
                1 => s.push_str(&format!("{key} = [{}]\n", server(&list[0]))),
                _ => {
                    s.push_str(&format!("{key} = [\n"));
                    for t in list {
                        s.push_str(&format!("    {},\n", server(t)));
                    }
                    s.push_str("]\n");
                }
            }
        }
    }
    s
}

/// The report printed by the script: conflicts, what was left out, what needs a person.
pub fn report(out: &Output) -> String {
    let mut sections = BTreeMap::new();
    sections.insert("1. to review (fix before committing)", &out.to_review);
    sections.insert(
        "2. conflicts between the sources (resolved as said)",
        &out.conflicts,
    );
    sections.insert("3. left out", &out.skipped);
    let mut s = String::new();
    for (title, lines) in sections {
        s.push_str(&format!("{title}: {}\n", lines.len()));
        for l in lines {
            s.push_str(&format!("  {l}\n"));
        }
    }
    s
}
