## The application
app-name = Facteur
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
cli-account-exists = Ein Konto { $email } gibt es bereits. Entfernen Sie es zuerst, um es neu einzurichten.
cli-no-accounts = Es ist noch kein Konto eingerichtet. Fügen Sie eines hinzu mit: facteur account add --email sie@beispiel.de
cli-password-empty = Das über die Standardeingabe übergebene Passwort ist leer.
cli-server-missing = Geben Sie an, wo der { $role } liegt: { $flags }.
cli-role-incoming = Posteingangsserver
cli-role-outgoing = Postausgangsserver
cli-plaintext-warning = Achtung: Für den { $role } ist keine Verschlüsselung eingestellt. Ihr Passwort und Ihre E-Mails gehen lesbar für jeden auf dem Weg durchs Netz.

## Errors
error-secret-unavailable = Es läuft keine Passwortverwaltung, und Facteur speichert Passwörter nur dort. Installieren und starten Sie eine, zum Beispiel gnome-keyring (apt install gnome-keyring) oder KeePassXC mit aktivierter Secret-Service-Integration. Details: { $detail }
error-secret-locked = Die Passwortverwaltung ist gesperrt oder hat den Zugriff verweigert. Entsperren Sie sie und versuchen Sie es erneut. Details: { $detail }
error-secret-failed = Die Passwortverwaltung hat ein Problem gemeldet: { $detail }
error-config-syntax = Die Einstellungsdatei { $path } enthält einen Fehler in Zeile { $line }, Spalte { $column }: { $message }
error-config-too-new = Die Einstellungsdatei { $path } stammt von einer neueren Facteur-Version. Aktualisieren Sie Facteur, um sie zu verwenden.
error-config-invalid = Die Einstellungsdatei { $path } ist ungültig: { $message }
error-config-read = Die Einstellungsdatei { $path } kann nicht gelesen werden: { $message }
error-config-write = Die Einstellungen konnten nicht in { $path } gespeichert werden: { $message }. Die bisherigen Einstellungen bleiben unverändert.
error-store = Der lokale E-Mail-Zwischenspeicher hat ein Problem: { $message }
error-generic = Etwas ist schiefgelaufen: { $message }
