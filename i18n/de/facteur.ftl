## The application
app-name = Facteur
app-title = { $count ->
    [0] { $folder } — Facteur
   *[other] { $folder } ({ $count }) — Facteur
}
app-tagline = Ihre E-Mails, ganz einfach.

## First window (until the setup wizard arrives)
welcome-title = Willkommen bei Facteur
welcome-body = Facteur wird gerade vorbereitet. Fügen Sie ein Konto vorerst über die Befehlszeile hinzu: facteur account add --email sie@beispiel.de
welcome-accounts = { $count ->
    [0] Es ist noch kein Konto eingerichtet.
    [one] Ein Konto ist eingerichtet.
   *[other] { $count } Konten sind eingerichtet.
}

## Command line
cli-account-added = Das Konto { $email } wurde hinzugefügt.
cli-account-removed = Das Konto { $email } wurde entfernt, samt Passwort und lokal gespeicherten E-Mails.
cli-account-unknown = Es gibt kein Konto { $email }.
cli-no-display = Kein Bildschirm, auf dem sich das Fenster öffnen ließe (weder Wayland noch X11 läuft hier). Verwenden Sie stattdessen die Befehle: facteur --help.
cli-quit-no-bus = Facteur konnte nicht erreicht werden, um es zu beenden: Hier gibt es keinen Sitzungsbus.
cli-account-exists = Ein Konto { $email } gibt es bereits. Entfernen Sie es zuerst, um es neu einzurichten.
cli-no-accounts = Es ist noch kein Konto eingerichtet. Fügen Sie eines hinzu mit: facteur account add --email sie@beispiel.de
cli-password-empty = Das über die Standardeingabe übergebene Passwort ist leer.
cli-server-missing = Geben Sie an, wo der { $role } liegt: { $flags }.
cli-role-incoming = Posteingangsserver
cli-role-outgoing = Postausgangsserver
cli-plaintext-refused = Für den { $role } ist keine Verschlüsselung eingestellt: Ihr Passwort und Ihre E-Mails gingen lesbar für jeden auf dem Weg durchs Netz. Wählen Sie tls oder starttls, oder geben Sie --allow-unencrypted an, wenn Sie dieses Risiko eingehen.
cli-plaintext-warning = Achtung: Für den { $role } ist keine Verschlüsselung eingestellt. Ihr Passwort und Ihre E-Mails gehen lesbar für jeden auf dem Weg durchs Netz.

## Errors
error-secret-unavailable = Es läuft kein Schlüsselbund, und Facteur speichert Passwörter nur dort. Installieren und starten Sie einen, zum Beispiel gnome-keyring (apt install gnome-keyring) oder KeePassXC mit aktivierter Secret-Service-Integration. Details: { $detail }
error-secret-locked = Der Schlüsselbund ist gesperrt oder hat den Zugriff verweigert. Entsperren Sie ihn und versuchen Sie es erneut. Details: { $detail }
error-secret-failed = Der Schlüsselbund hat ein Problem gemeldet: { $detail }
error-config-syntax = Die Einstellungsdatei { $path } enthält einen Fehler in Zeile { $line }, Spalte { $column }: { $message }
error-config-too-new = Die Einstellungsdatei { $path } stammt von einer neueren Facteur-Version. Aktualisieren Sie Facteur, um sie zu verwenden.
error-config-invalid = Die Einstellungsdatei { $path } ist ungültig: { $message }
error-config-read = Die Einstellungsdatei { $path } kann nicht gelesen werden: { $message }
error-config-write = Die Einstellungen konnten nicht in { $path } gespeichert werden: { $message }. Die bisherigen Einstellungen bleiben unverändert.
error-store = Der lokale E-Mail-Zwischenspeicher hat ein Problem: { $message }
error-store-in-use = Facteur läuft bereits mit diesem lokalen E-Mail-Zwischenspeicher ({ $path }). Schließen Sie dieses Facteur zuerst oder erledigen Sie das in seinem Fenster.
error-generic = Etwas ist schiefgelaufen: { $message }

## Fehler der Mailserver (was passiert ist und was zu tun ist)
mail-error-host-not-found = Der Server { $host } wurde nicht gefunden. Prüfen Sie den Namen und Ihre Internetverbindung.
mail-error-connection-refused = { $host } hat die Verbindung auf Port { $port } abgelehnt. Prüfen Sie Port und Verschlüsselung.
mail-error-timeout = { $host } (Port { $port }) hat nicht rechtzeitig geantwortet. Prüfen Sie Ihre Internetverbindung oder versuchen Sie es später erneut.
mail-error-connection-lost = Die Verbindung zum Server wurde unterbrochen. Facteur versucht es selbst erneut.
mail-error-certificate = Dem Zertifikat des Servers kann nicht vertraut werden ({ $reason }). Möglicherweise wird die Verbindung abgehört. Zertifikat von { $subject }, ausgestellt von { $issuer }.
mail-error-encryption-not-offered = Der Server bietet die von diesen Einstellungen verlangte Verschlüsselung nicht an, daher hat Facteur Ihr Passwort nicht gesendet. Wählen Sie SSL/TLS oder prüfen Sie die Servereinstellungen.
mail-error-tls = Die verschlüsselte Verbindung zum Server ist fehlgeschlagen. Prüfen Sie Port und Verschlüsselung.
mail-error-wrong-credentials = Der Server hat Benutzername oder Passwort abgelehnt. Prüfen Sie beides und versuchen Sie es erneut.
mail-error-app-password = Dieser Anbieter akzeptiert hier nicht Ihr gewohntes Passwort: Erstellen Sie in den Sicherheitseinstellungen Ihres Kontos ein App-Passwort und verwenden Sie dieses.
mail-error-oauth2 = Dieser Anbieter erlaubt die Anmeldung nur über seine eigene Seite (OAuth2), nicht mit einem Passwort.
mail-error-disabled = Der Zugriff per IMAP oder POP ist für dieses Konto ausgeschaltet. Schalten Sie ihn in den Web-Einstellungen des Anbieters ein und versuchen Sie es erneut.
mail-error-too-many = Der Server lässt vorerst keine weiteren Verbindungen dieses Kontos zu. Schließen Sie andere E-Mail-Programme oder warten Sie einige Minuten.
mail-error-temporary = Der Server hat ein vorübergehendes Problem. Facteur versucht es später erneut.
mail-error-protocol = Der Server hat eine Antwort gegeben, die Facteur nicht versteht.
mail-error-refused = Der Server hat die Anfrage abgelehnt.
mail-error-message-withheld = Der Server wollte eine Ihrer Nachrichten nicht senden. Sie bleibt auf dem Server; beim nächsten Abruf wird sie erneut angefordert.
mail-error-missing-secret = Für dieses Konto ist kein Passwort gespeichert. Richten Sie das Konto erneut ein, um es einzugeben.
mail-error-local-store = Die Kopie Ihrer E-Mails auf diesem Computer konnte nicht geschrieben werden (ist der Datenträger voll?). Nichts ist verloren; schaffen Sie Platz und versuchen Sie es erneut.
mail-error-not-found = Es existiert nicht mehr: Es wurde wohl inzwischen gelöscht oder verschoben.
mail-error-details = Antwort des Servers: { $text }
cert-reason-expired = es ist abgelaufen
cert-reason-not-yet-valid = es ist noch nicht gültig
cert-reason-wrong-name = es wurde für einen anderen Servernamen ausgestellt
cert-reason-unknown-issuer = es wurde von einer unbekannten Stelle ausgestellt
cert-reason-self-signed = es ist selbst signiert
cert-reason-revoked = es wurde widerrufen
cert-reason-other = es ist ungültig

## Kommandozeile: E-Mail
cli-sync-progress = { $account } · { $folder }: { $done } von { $total }
cli-sync-done = { $account }: aktuell — { $new ->
    [one] eine neue Nachricht
   *[other] { $new } neue Nachrichten
}, { $changed } geändert, { $removed } entfernt.
cli-sync-failed = { $account }: { $error }
cli-no-matching-account = Kein Konto passt zu { $email }.
cli-no-pop3-account = Kein POP3-Konto passt; `check` ist für POP3-Konten (IMAP-Konten empfangen E-Mails sofort; verwenden Sie `sync`).
cli-cannot-read = { $path } kann nicht gelesen werden.
cli-send-invalid = Die Nachricht kann so nicht gesendet werden: { $reason }
cli-send-interrupted = Abgebrochen: Die Nachricht bleibt im Postausgang und wird beim nächsten Start von Facteur gesendet.
cli-outbox-empty = Der Postausgang ist leer.
cli-outbox-queued = wartet
cli-outbox-sending = wird gesendet
cli-outbox-sent = gesendet, Kopie wird abgelegt
cli-outbox-failed = abgelehnt
cli-outbox-unconfirmed = unbestätigt (vielleicht gesendet)
cli-no-folder = Das Konto { $account } hat keinen Ordner { $folder }.
cli-no-message = Im lokalen Zwischenspeicher gibt es keine Nachricht { $id }.
cli-no-results = Nichts gefunden.
cli-empty-folder = Keine Nachrichten.
cli-body-unavailable = Der vollständige Text ist offline nicht verfügbar; hier die Vorschau.
# `facteur render`: the picture was written.
cli-rendered = Gezeichnet in { $path } ({ $width } × { $height } Pixel; { $blocked ->
    [0] keine externen Bilder
    [one] ein externes Bild nicht geladen
   *[other] { $blocked } externe Bilder nicht geladen
}, { $trackers ->
    [0] keine Tracker
    [one] ein Tracker blockiert
   *[other] { $trackers } Tracker blockiert
}).
cli-render-failed = Die Nachricht konnte nicht gezeichnet werden: { $reason }
cli-render-no-text = Der Text der Nachricht { $id } ist nicht auf diesem Computer und konnte nicht heruntergeladen werden.
# A header as `facteur show` prints it.
cli-header-line = { $name }: { $value }
cli-header-from = Von
cli-header-to = An
cli-header-cc = Kopie
cli-header-date = Datum
cli-header-subject = Betreff
cli-attachments = { $count ->
    [one] Ein Anhang:
   *[other] { $count } Anhänge:
}
cli-watch-started = { $count ->
    [one] Ein Konto wird
   *[other] { $count } Konten werden
} beobachtet. Mit Strg+C beenden.

## Ereignisse der Engine, wie `facteur watch` sie ausgibt
event-state-starting = startet
event-state-connecting = verbindet
event-state-online = online
event-state-syncing = synchronisiert
event-state-offline-retry = offline, nächster Versuch in { $seconds } s
event-state-offline = offline, bis die Einstellungen korrigiert sind
event-state-idle = wartet
event-push-listening = neue Nachrichten kommen sofort an (Push)
event-push-polling = der Server meldet neue E-Mails nicht selbst; Abruf alle paar Minuten
event-push-down = Push unterbrochen ({ $reason }); neuer Versuch in { $seconds } s
event-crashed = unerwartet beendet ({ $reason }); Neustart in { $seconds } s
event-removed = Konto entfernt
event-folders-changed = Ordnerliste aktualisiert
event-folder-synced = { $folder } aktuell ({ $new } neu, { $changed } geändert, { $removed } entfernt)
event-folder-reset = { $folder } wurde auf dem Server neu angelegt und erneut heruntergeladen
event-sync-finished = alle Ordner aktuell
event-new-mail = neue Nachricht von { $from }: { $subject }
event-body-ready = Nachricht { $id } heruntergeladen
event-action-failed = der Server hat eine Aktion abgelehnt, sie wurde rückgängig gemacht: { $reason }
event-command-failed = nicht möglich: { $reason }
event-stopped = beendet
event-remote-images = { $count ->
    [one] ein externes Bild geladen
   *[other] { $count } externe Bilder geladen
}
event-outbox-queued = Nachricht { $id } liegt im Postausgang
event-outbox-sending = Nachricht { $id } wird gesendet
event-outbox-sent = Nachricht { $id } wurde vom Server angenommen
event-outbox-done = Nachricht { $id } gesendet und unter „Gesendet“ abgelegt
event-outbox-retrying = Nachricht { $id } noch nicht gesendet ({ $reason }); neuer Versuch in { $seconds } s
event-outbox-failed = Nachricht { $id } wurde abgelehnt: { $reason }
event-outbox-unconfirmed = Ob Nachricht { $id } gesendet wurde, ist unklar: Die Verbindung brach ab, während der Server sie empfing. Prüfen Sie den Ordner „Gesendet“ oder fragen Sie beim Empfänger nach, bevor Sie sie erneut senden.
event-outbox-removed = Nachricht { $id } wurde aus dem Postausgang entfernt
event-draft-saved = Entwurf gespeichert
event-draft-on-server = Entwurf im Ordner „Entwürfe“ auf dem Server gespeichert
event-draft-deleted = Entwurf gelöscht

## Setup discovery
setup-source-bundled = Facteurs Anbieterdaten
setup-source-autoconfig = die Konfigurationsdatei des Anbieters ({ $url })
setup-source-autoconfig-insecure = eine unverschlüsselt abgerufene Konfigurationsdatei ({ $url }): vor der Verwendung prüfen
setup-source-ispdb = die Anbieterdatenbank von Thunderbird ({ $url })
setup-source-mx = der Anbieter, der die E-Mails dieser Domain empfängt ({ $host })
setup-source-srv = die DNS-Diensteinträge der Domain
setup-source-guess = Server, die unter üblichen Namen geantwortet haben
setup-security-tls = verschlüsselt (TLS)
setup-security-starttls = verschlüsselt (STARTTLS)
setup-security-none = NICHT verschlüsselt
setup-username = Benutzername: { $name }
setup-note-app-password = Dieser Anbieter lehnt Ihr gewohntes Passwort in E-Mail-Programmen ab: Erstellen Sie ein App-Passwort und verwenden Sie es hier.
setup-note-oauth2-only = Dieser Anbieter akzeptiert nur die Anmeldung über seine Webseite (OAuth2).
setup-note-enable-imap = Der IMAP/POP-Zugriff muss zuerst in den Web-Einstellungen dieses Anbieters eingeschaltet werden.
setup-error-invalid-address = „{ $address }“ ist keine gültige E-Mail-Adresse.
setup-error-domain-not-found = Die Domain { $domain } existiert nicht. Prüfen Sie den Teil nach dem @.
setup-error-no-server = Für { $domain } wurde kein Mailserver gefunden. Geben Sie die Server von Hand ein; die Hilfeseiten Ihres Anbieters nennen sie.
setup-note-paid-plan = Dieser Anbieter lässt E-Mail-Programme nur in seinen kostenpflichtigen Tarifen zu: Prüfen Sie, ob Ihrer IMAP oder POP3 enthält.
setup-error-no-connection = Keine Verbindung zum Internet: Facteur konnte Ihre Server nicht prüfen. Prüfen Sie Ihre Verbindung und versuchen Sie es dann erneut.
setup-unsupported-no-mail-apps = Bei { $provider } können E-Mail-Programme keine E-Mails abrufen: Es gibt dort weder IMAP noch POP3. Sie können diese E-Mails auf der Webseite oder in der App des Anbieters lesen und hier die Adresse eines anderen Anbieters verwenden.
setup-unsupported-bridge = Bei { $provider } können E-Mail-Programme E-Mails nicht direkt abrufen. Die kostenpflichtigen Tarife enthalten ein Brückenprogramm, das neben Ihrem E-Mail-Programm läuft: Sobald es läuft, geben Sie die Server, die es anzeigt, von Hand ein.
setup-unsupported-tor = { $provider } ist nur über das Tor-Netzwerk erreichbar, das Facteur nicht verwendet.
setup-unsupported-reserved = { $provider } ist für Beispiele reserviert: Kein echtes Postfach hat diese Adresse. Prüfen Sie den Teil nach dem @.
setup-stage-bundled = Suche in Facteurs Anbieterliste …
setup-stage-provider = Einstellungen werden bei Ihrem Anbieter abgefragt …
setup-stage-ispdb = Suche in der Anbieterdatenbank von Thunderbird …
setup-stage-dns = DNS-Einträge Ihrer Domain werden gelesen …
setup-stage-guessing = Übliche Servernamen werden ausprobiert …
setup-step-connecting = Verbindung wird hergestellt …
setup-step-secured = verbunden, verschlüsselt
setup-step-logging-in = Anmeldung …
setup-step-logged-in = angemeldet
event-discovered = { $count ->
    [one] eine Möglichkeit zur Einrichtung des Kontos wurde gefunden
   *[other] { $count } Möglichkeiten zur Einrichtung des Kontos wurden gefunden
}
event-setup-checked = der Server hat die Anmeldung angenommen
setup-check-ok = Diese Server akzeptieren Ihr Passwort:
cli-password-needed = Geben Sie das Passwort mit --password-stdin über die Standardeingabe an.

## The window
app-engine-stopped = Facteurs Mail-Dienst wurde beendet. Schließen Sie das Fenster und starten Sie Facteur neu.
size-bytes = { $count ->
    [one] 1 Byte
   *[other] { $count } Byte
}
size-kb = { $value } kB
size-mb = { $value } MB
size-gb = { $value } GB
# The list’s date of a message received the day before.
date-yesterday = Gestern

## Setup wizard
wizard-heading = E-Mail-Konto hinzufügen
wizard-close = Schließen
wizard-back = Zurück
wizard-next = Weiter
wizard-continue = Weiter
wizard-cancel = Abbrechen
wizard-edit-settings = Einstellungen bearbeiten
wizard-verify = Einstellungen prüfen
wizard-try-again = Erneut versuchen
wizard-identity-title = Wer sind Sie?
wizard-identity-intro = Facteur ermittelt die Einstellungen Ihres Anbieters anhand Ihrer Adresse. Ihr Passwort bleibt auf diesem Computer, im Schlüsselbund des Systems.
wizard-name = Ihr Name
wizard-name-placeholder = Erika Mustermann
wizard-email = E-Mail-Adresse
wizard-email-placeholder = sie@beispiel.de
wizard-password = Passwort
wizard-password-show = Anzeigen
wizard-password-hide = Verbergen
wizard-password-note = Manche Anbieter (Gmail, Yahoo, iCloud) verlangen hier ein App-Passwort statt Ihres üblichen Passworts.
wizard-password-missing = Geben Sie Ihr Passwort ein, um fortzufahren.
wizard-discovering-title = Ihr Anbieter wird gesucht …
wizard-discovering-intro = Die Server für { $email } werden gesucht. Das dauert meist nur wenige Sekunden.
wizard-found-title = Einstellungen gefunden
wizard-found = Gefunden: { $provider }
wizard-found-source = Quelle: { $source }.
wizard-found-insecure = Diese Einstellungen kamen über eine unverschlüsselte Verbindung. Prüfen Sie sie bei Ihrem Anbieter, bevor Sie fortfahren.
wizard-server-incoming = Posteingangsserver
wizard-server-outgoing = Postausgangsserver
wizard-server-sentence = { $role } ({ $protocol }): { $host }, Port { $port }, { $security }, Benutzername { $username }
wizard-choice-title = IMAP oder POP3?
wizard-choice-question = Lesen Sie diese E-Mails auch auf anderen Geräten (Smartphone, Webmail, anderer Computer)?
wizard-choice-yes = Ja
wizard-choice-no = Nein, nur hier
wizard-choice-recommended = Für Sie empfohlen
wizard-choice-imap = IMAP – E-Mails bleiben auf dem Server
wizard-choice-imap-explained = Ihre E-Mails bleiben auf dem Server, und alle Geräte sind auf demselben Stand: Was Sie hier lesen, löschen oder ablegen, ist überall gelesen, gelöscht oder abgelegt.
wizard-choice-pop3 = POP3 – E-Mails auf diesen Computer laden
wizard-choice-pop3-explained = E-Mails werden auf diesen Computer heruntergeladen und sind auch offline lesbar. Standardmäßig bleibt 14 Tage lang eine Kopie auf dem Server; danach gibt es sie nur noch hier – denken Sie an eine Sicherung.
wizard-manual-title = Servereinstellungen
wizard-manual-intro = Tragen Sie die Server aus den Hilfeseiten Ihres Anbieters ein. Mit der Wahl der Verschlüsselung wird der übliche Port eingesetzt.
wizard-incoming = Posteingangsserver
wizard-outgoing = Postausgangsserver (SMTP)
wizard-host = Servername
wizard-port = Port
wizard-security = Verschlüsselung
wizard-auth = Anmeldeverfahren
wizard-username = Benutzername
wizard-security-tls = SSL/TLS
wizard-security-starttls = STARTTLS
wizard-security-none = Keine (unverschlüsselt)
wizard-auth-password = Passwort
wizard-auth-oauth2 = OAuth2-Token
wizard-plaintext-warning = Ohne Verschlüsselung sind Ihr Passwort und Ihre E-Mails für jeden auf dem Übertragungsweg lesbar (öffentliches WLAN, Netz des Anbieters).
wizard-plaintext-consent = Ich kenne die Risiken und möchte diesen Server ohne Verschlüsselung nutzen
wizard-problem-host = { $server ->
    [incoming] Geben Sie den Namen des Posteingangsservers ein.
   *[outgoing] Geben Sie den Namen des Postausgangsservers ein.
}
wizard-problem-port = { $server ->
    [incoming] Geben Sie den Port des Posteingangsservers als Zahl ein.
   *[outgoing] Geben Sie den Port des Postausgangsservers als Zahl ein.
}
wizard-problem-username = { $server ->
    [incoming] Geben Sie den Benutzernamen für den Posteingangsserver ein.
   *[outgoing] Geben Sie den Benutzernamen für den Postausgangsserver ein.
}
wizard-problem-consent = Bestätigen Sie die unverschlüsselte Verbindung oder wählen Sie SSL/TLS bzw. STARTTLS.
wizard-verifying-title = Ihre Einstellungen werden geprüft
wizard-check-connect = Verbindung zum Server
wizard-check-encryption = Verschlüsselung der Verbindung
wizard-check-no-encryption = Keine Verschlüsselung (Ihre Wahl)
wizard-check-login = Anmeldung
wizard-details-show = Meldung des Servers anzeigen
wizard-details-hide = Meldung des Servers verbergen
wizard-unsupported-title = Dieser Anbieter kann hier nicht verwendet werden
wizard-unsupported-help = Was { $provider } stattdessen anbietet
wizard-unsupported-website = { $provider } im Web
wizard-unsupported-other = Eine andere Adresse verwenden
wizard-unsupported-manual = Server von Hand eingeben
wizard-discover-again = Erneut versuchen
wizard-password-again = Passwort
wizard-password-again-hint = Korrigieren Sie hier das Passwort und prüfen Sie dann erneut.
wizard-saving = Alles funktioniert. Ihr Konto wird gespeichert …

## Mailbox
mailbox-search-placeholder = Alle E-Mails durchsuchen
mailbox-refresh = Senden und abrufen
mailbox-add-account = Konto hinzufügen
mailbox-unified-inbox = Alle Posteingänge
mailbox-results = { $count ->
    [one] 1 Nachricht gefunden
   *[other] { $count } Nachrichten gefunden
}
mailbox-clear-search = Suche löschen
mailbox-no-results = Keine Nachricht passt.
mailbox-empty = Hier sind keine Nachrichten.
mailbox-row-to = An: { $names }
mailbox-and-others = { $count ->
    [one] und eine weitere Person
   *[other] und { $count } weitere Personen
}
mailbox-no-subject = (kein Betreff)
mailbox-loading = Wird geöffnet …
mailbox-pick-message = Wählen Sie eine Nachricht aus, um sie zu lesen.
mailbox-downloading = Nachricht wird heruntergeladen …
mailbox-mark-read = Als gelesen markieren
mailbox-mark-unread = Als ungelesen markieren
mailbox-flag = Mit Stern markieren
mailbox-unflag = Stern entfernen
mailbox-move = Verschieben nach …
mailbox-delete = Löschen
mailbox-from = Von
mailbox-to = An
mailbox-cc = Kopie
mailbox-date = Datum
mailbox-count = { $count ->
    [one] 1 Nachricht
   *[other] { $count } Nachrichten
}
mailbox-images-blocked = { $count ->
    [one] 1 externes Bild wurde zum Schutz Ihrer Privatsphäre nicht geladen.
   *[other] { $count } externe Bilder wurden zum Schutz Ihrer Privatsphäre nicht geladen.
}
mailbox-attachments = { $count ->
    [one] 1 Anhang
   *[other] { $count } Anhänge
}
mailbox-unnamed-attachment = unbenannter Anhang
# The status line: an account and what it is doing.
mailbox-account-status = { $account }: { $status }
mailbox-account-crashed = unerwartet angehalten; Neustart in { $seconds } s
reader-download-failed = Diese Nachricht konnte nicht heruntergeladen werden: { $reason }
reader-retry = Erneut versuchen
mailbox-sync-progress = „{ $folder }“ wird aktualisiert: { $done } von { $total ->
    [one] 1 Nachricht
   *[other] { $total } Nachrichten
}
folder-inbox = Posteingang
folder-drafts = Entwürfe
folder-sent = Gesendet
folder-archive = Archiv
folder-junk = Spam
folder-trash = Papierkorb

## Preferences
prefs-title = Einstellungen
prefs-language = Sprache
prefs-language-system = Wie das System
prefs-mark-read-on-open = Nachrichten beim Öffnen als gelesen markieren
prefs-close = Schließen
prefs-notifications = Mich benachrichtigen, wenn neue E-Mails eintreffen
prefs-keep-running = Weiter auf neue E-Mails prüfen, wenn das Fenster geschlossen ist
prefs-keep-running-detail = Neue E-Mails werden auch nach dem Schließen des Fensters gemeldet. Um Facteur ganz zu beenden, wählen Sie „Facteur beenden“ (Strg+Q).
prefs-quit = Facteur beenden
prefs-start-at-login = Facteur bei der Anmeldung starten
prefs-default-app-yes = E-Mail-Links werden in Facteur geöffnet.
prefs-default-app-no = E-Mail-Links werden in einer anderen App geöffnet.
prefs-default-app-make = In Facteur öffnen
prefs-default-app-unknown = Facteur kann nicht feststellen, welche App E-Mail-Links öffnet: Das Paket xdg-utils fehlt.
prefs-desktop-failed = Die Arbeitsumgebung hat die Änderung nicht angenommen: { $reason }
prefs-desktop-write-failed = { $path } konnte nicht geschrieben werden: { $reason }

## Mailbox: writing and attachments
mailbox-write = Verfassen
mailbox-reply = Antworten
mailbox-reply-all = Allen antworten
mailbox-forward = Weiterleiten
mailbox-edit-draft = Entwurf fortsetzen
mailbox-save = Speichern
mailbox-save-all = Alle speichern
mailbox-save-title = Wählen Sie, wo die Anhänge gespeichert werden sollen
mailbox-attachment-saved = Gespeichert als { $path }
mailbox-attachments-saved = { $count ->
    [one] Ein Anhang in { $folder } gespeichert
   *[other] { $count } Anhänge in { $folder } gespeichert
}
mailbox-attachments-not-saved = Die Anhänge konnten nicht gespeichert werden: { $reason }
folder-outbox = Postausgang

## Composer
composer-send = Senden
composer-attach = Anhängen
composer-attach-title = Dateien zum Anhängen auswählen
composer-discard = Verwerfen
composer-close = Schließen
composer-from = Von
composer-to = An
composer-cc = Kopie
composer-bcc = Blindkopie
composer-show-bcc = Blindkopie hinzufügen
composer-subject = Betreff
composer-subject-placeholder = Worum geht es?
composer-address-placeholder = Namen oder Adressen, durch Kommas getrennt
composer-body-placeholder = Schreiben Sie hier Ihre Nachricht.
composer-attachments = Angehängt
composer-remove-attachment = Entfernen
composer-forwarded-message = Weitergeleitete Nachricht
composer-draft-saved = Entwurf gespeichert
composer-preparing = Wird vorbereitet …
composer-queued = Im Postausgang, wird gleich gesendet
composer-sending = Wird gesendet …
composer-sent = Nachricht gesendet
composer-retrying = Noch nicht gesendet: neuer Versuch in { $seconds } s
composer-failed = Nicht gesendet
composer-not-queued = Die Nachricht konnte nicht in den Postausgang gelegt werden und wurde daher nicht gesendet: { $reason } Sie bleibt hier, samt Entwurf; klicken Sie auf „Senden“, um es erneut zu versuchen.
composer-retry = Erneut versuchen
composer-edit-again = Nachricht bearbeiten
composer-no-recipient = Fügen Sie mindestens einen Empfänger hinzu.
composer-bad-address = „{ $address }“ ist keine gültige Adresse.
composer-build-failed = Die Nachricht konnte nicht vorbereitet werden: { $reason }
composer-attribution = Am { $date } schrieb { $name }:
composer-forward-block =
    -------- Weitergeleitete Nachricht --------
    Von: { $from }
    Datum: { $date }
    Betreff: { $subject }
    An: { $to }
# A file name (no spaces needed) for an attachment sent without one.
composer-unnamed-file = Anhang
composer-source-missing = Diese Nachricht ist hier nicht mehr verfügbar.
composer-attachment-too-big = { $file } ist zu groß für den Versand per E-Mail ({ $size }).
composer-attach-failed = { $file } konnte nicht gelesen werden: { $reason }
composer-link-not-mailto = Dieser Link ist keine E-Mail-Adresse, daher beginnt die Nachricht leer.
composer-link-unreadable = Einige Zeichen des Links konnten nicht gelesen werden; prüfen Sie die Nachricht vor dem Senden.
composer-link-body-cut = Der Text im Link war sehr lang und wurde gekürzt.
composer-link-too-many = { $count ->
    [one] Ein weiterer Empfänger im Link wurde weggelassen.
   *[other] { $count } weitere Empfänger im Link wurden weggelassen.
}
composer-link-ignored = { $count ->
    [one] Der Link wollte auch das Feld { $fields } setzen, das ein Link nicht setzen darf: Es wurde weggelassen.
   *[other] Der Link wollte auch die Felder { $fields } setzen, die ein Link nicht setzen darf: Sie wurden weggelassen.
}

## Outbox
outbox-empty = Nichts wartet auf den Versand.
outbox-to = An: { $recipients }
outbox-from = Vom Konto { $account }
outbox-state-queued = Wartet auf den Versand
outbox-state-retrying = { $attempts ->
    [one] Nach einem Versuch noch nicht gesendet; es wird von selbst erneut versucht
   *[other] Nach { $attempts } Versuchen noch nicht gesendet; es wird von selbst erneut versucht
}
outbox-state-sending = Wird gesendet
outbox-state-sent = Gesendet
outbox-state-failed = Abgelehnt: wartet auf Ihre Entscheidung
outbox-server-said = Der Server antwortete: { $text }
outbox-unconfirmed = Die Verbindung brach ab, während diese Nachricht gesendet wurde. Vielleicht ist sie angekommen: Prüfen Sie die Antwort des Empfängers oder Ihren Ordner „Gesendet“, bevor Sie sie erneut senden.
outbox-send-now = Jetzt senden
outbox-edit = Bearbeiten
outbox-remove = Aus dem Postausgang entfernen

## Notifications
notify-new-mail = { $count ->
    [one] Eine neue Nachricht
   *[other] { $count } neue Nachrichten
}
notify-new-mail-from = { $count ->
    [one] Eine neue Nachricht von { $senders }
   *[other] { $count } neue Nachrichten von { $senders }
}
notify-and-more = { $count ->
    [one] und eine weitere
   *[other] und { $count } weitere
}
notify-open = Öffnen

## Settings: look and accounts
prefs-theme = Darstellung
prefs-theme-system = Wie das System
prefs-theme-light = Hell
prefs-theme-dark = Dunkel
prefs-offer-remote-images = Anbieten, die Bilder einer Nachricht aus dem Internet anzuzeigen
prefs-picture-senders = { $count ->
    [one] Die Bilder eines Absenders werden immer angezeigt.
   *[other] Die Bilder von { $count } Absendern werden immer angezeigt.
}
prefs-picture-senders-forget = Wieder nachfragen
prefs-remote-content = Bilder und andere Inhalte aus dem Internet werden beim Öffnen einer Nachricht nicht geladen: Der Absender kann nicht sehen, wann Sie sie lesen. Wenn Sie die Bilder einer Nachricht laden, erfährt er, dass Sie sie gelesen haben.
prefs-imap-push = IMAP auf { $host }: Neue E-Mails kommen an, sobald der Server sie hat.
prefs-pop3-server = POP3 auf { $host }
prefs-check-interval = Auf neue E-Mails prüfen
prefs-every-minutes = { $minutes ->
    [one] jede Minute
   *[other] alle { $minutes } Minuten
}
prefs-pop3-retention = Nach dem Herunterladen einer Nachricht
prefs-pop3-leave = Auf dem Server lassen (auch anderswo lesen)
prefs-pop3-delete = Vom Server löschen
prefs-pop3-delete-after = Danach vom Server löschen
prefs-pop3-keep-forever = nie
prefs-pop3-days = { $days ->
    [one] nach einem Tag
   *[other] nach { $days } Tagen
}
prefs-edit-servers = Server bearbeiten …
prefs-remove-account = Dieses Konto entfernen …
prefs-remove-confirm = Ja, entfernen
prefs-remove-cancel = Behalten
prefs-remove-warning = Wenn Sie { $account } entfernen, werden sein Passwort und die E-Mails gelöscht, die Facteur auf diesem Computer dafür aufbewahrt. E-Mails auf dem Server bleiben dort; per POP3 heruntergeladene und vom Server gelöschte E-Mails gehen verloren.

## Remote images
mailbox-images-show = Bilder anzeigen
mailbox-images-loading = Wird geladen …
mailbox-images-shown = { $count ->
    [0] Es konnte kein Bild geladen werden.
    [one] Ein Bild aus dem Internet, auf Ihren Wunsch geladen:
   *[other] { $count } Bilder aus dem Internet, auf Ihren Wunsch geladen:
}
about-title = Über Facteur
about-version = Facteur { $version }
about-licence = Facteur ist freie Software unter der GNU General Public License, Version 3 oder später.
about-providers = Die Einstellungen bekannter Anbieter stammen aus der Anbieterdatenbank von Thunderbird und der von Delta Chat (beide unter der Mozilla Public License 2.0), ergänzt durch Facteur. Sie sind Teil von Facteur: Um sie zu finden, ist kein Netzwerk nötig.

## Reader: HTML mail
reader-laying-out = Die Nachricht wird dargestellt …
reader-show-plain-text = Nur Text
reader-show-original-layout = Originallayout
reader-html-too-complex = Das Layout dieser Nachricht ist zu groß oder zu tief verschachtelt, um es zu zeichnen; sie wird als Text angezeigt.
reader-html-too-slow = Das Layout dieser Nachricht hat zu lange gedauert; sie wird als Text angezeigt.
reader-html-failed = Das Layout dieser Nachricht konnte nicht gezeichnet werden; sie wird als Text angezeigt.
reader-html-clipped = Diese Nachricht ist lang: Nur ihr Anfang wird dargestellt.
reader-html-show-all = Alles anzeigen
reader-trackers-blocked = { $count ->
    [one] Ein Tracker blockiert
   *[other] { $count } Tracker blockiert
}
reader-images-always = Immer für diesen Absender
reader-link-goes-to = Dieser Link führt zu:
reader-link-disguised = Vorsicht: Der Link zeigt „{ $shown }“, führt aber zu { $real }.
reader-link-open = Im Browser öffnen
reader-link-cancel = Abbrechen
