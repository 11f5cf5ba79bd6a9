## The application
app-name = Facteur
app-tagline = Your mail, simply.

## First window (until the setup wizard arrives)
welcome-title = Welcome to Facteur
welcome-body = Facteur is getting ready. Add an account from the command line for now: facteur account add --email you@example.com
welcome-accounts = { $count ->
    [0] No account is set up yet.
    [one] One account is set up.
   *[other] { $count } accounts are set up.
}

## Command line
cli-account-added = Account { $email } added.
cli-account-removed = Account { $email } removed, with its password and its local mail.
cli-account-unknown = There is no account { $email }.
cli-account-exists = An account { $email } already exists. Remove it first to set it up again.
cli-no-accounts = No account is set up yet. Add one with: facteur account add --email you@example.com
cli-password-empty = The password given on standard input is empty.
cli-server-missing = Say where the { $role } server is: { $flags }.
cli-role-incoming = incoming
cli-role-outgoing = outgoing
cli-plaintext-warning = Warning: the { $role } server is set to use no encryption. Your password and your mail will cross the network readable by anyone on the way.

## Errors
error-secret-unavailable = No password store is running, and Facteur keeps passwords only there. Install and start one, for example gnome-keyring (apt install gnome-keyring) or KeePassXC with its Secret Service integration. Details: { $detail }
error-secret-locked = The password store is locked or refused access. Unlock it and try again. Details: { $detail }
error-secret-failed = The password store reported a problem: { $detail }
error-config-syntax = The settings file { $path } has a mistake on line { $line }, column { $column }: { $message }
error-config-too-new = The settings file { $path } was written by a newer version of Facteur. Update Facteur to use it.
error-config-invalid = The settings file { $path } is not valid: { $message }
error-config-read = The settings file { $path } cannot be read: { $message }
error-config-write = The settings could not be saved to { $path }: { $message }. The previous settings are unchanged.
error-store = The local mail cache has a problem: { $message }
error-generic = Something went wrong: { $message }
