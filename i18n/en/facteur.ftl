## The application
app-name = Facteur
app-title = { $count ->
    [0] { $folder } — Facteur
   *[other] { $folder } ({ $count }) — Facteur
}
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
cli-no-display = No screen to open the window on (neither Wayland nor X11 is running here). Use the commands instead: facteur --help.
cli-quit-no-bus = Facteur could not be reached to stop it: there is no session bus here.
cli-account-exists = An account { $email } already exists. Remove it first to set it up again.
cli-no-accounts = No account is set up yet. Add one with: facteur account add --email you@example.com
cli-password-empty = The password given on standard input is empty.
cli-server-missing = Say where the { $role } server is: { $flags }.
cli-role-incoming = incoming
cli-role-outgoing = outgoing
cli-plaintext-refused = The { $role } server is set to no encryption: your password and your mail would cross the network readable by anyone on the way. Choose tls or starttls, or add --allow-unencrypted if you accept that risk.
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
error-store-in-use = Facteur is already running with this local mail cache ({ $path }). Close that Facteur first, or do this from its window.
error-generic = Something went wrong: { $message }

## Mail server errors (what happened, and what to do)
mail-error-host-not-found = The server { $host } cannot be found. Check its name and your internet connection.
mail-error-connection-refused = { $host } refused the connection on port { $port }. Check the port and the security setting.
mail-error-timeout = { $host } (port { $port }) did not answer in time. Check your internet connection, or try again later.
mail-error-connection-lost = The connection to the server was lost. Facteur will try again by itself.
mail-error-certificate = The server's certificate cannot be trusted ({ $reason }). Someone may be intercepting the connection. Certificate of { $subject }, issued by { $issuer }.
mail-error-encryption-not-offered = The server does not offer the encryption these settings require, so Facteur did not send your password. Choose SSL/TLS or check the server's settings.
mail-error-tls = The encrypted connection to the server failed. Check the port and the security setting.
mail-error-wrong-credentials = The server refused the user name or the password. Check them and try again.
mail-error-app-password = This provider does not accept your usual password here: create an app password in your account's security settings and use it instead.
mail-error-oauth2 = This provider only accepts signing in through its own page (OAuth2), not a password.
mail-error-disabled = Access by IMAP or POP is turned off for this account. Turn it on in the provider's web settings, then try again.
mail-error-too-many = The server refuses more connections from this account for now. Close other mail apps or wait a few minutes.
mail-error-temporary = The server has a temporary problem. Facteur will try again later.
mail-error-protocol = The server gave an answer Facteur does not understand.
mail-error-refused = The server refused the request.
mail-error-message-withheld = The server would not send one of your messages. It stays on the server; the next check will ask for it again.
mail-error-missing-secret = No password is stored for this account. Set the account up again to enter it.
mail-error-local-store = The copy of your mail on this computer could not be written (is the disk full?). Nothing was lost; free some space and try again.
mail-error-not-found = It no longer exists: it was probably deleted or moved meanwhile.
mail-error-details = Server's reply: { $text }
cert-reason-expired = it has expired
cert-reason-not-yet-valid = it is not valid yet
cert-reason-wrong-name = it was made for another server name
cert-reason-unknown-issuer = it was issued by an unknown authority
cert-reason-self-signed = it is self-signed
cert-reason-revoked = it has been revoked
cert-reason-other = it is not valid

## Command line: mail
cli-sync-progress = { $account } · { $folder }: { $done } of { $total }
cli-sync-done = { $account }: up to date — { $new ->
    [one] one new message
   *[other] { $new } new messages
}, { $changed } changed, { $removed } removed.
cli-sync-failed = { $account }: { $error }
cli-no-matching-account = No account matches { $email }.
cli-no-pop3-account = No POP3 account matches; `check` is for POP3 accounts (IMAP accounts receive mail as it arrives; use `sync`).
cli-cannot-read = Cannot read { $path }.
cli-send-invalid = The message cannot be sent as it is: { $reason }
cli-send-interrupted = Interrupted: the message stays in the outbox and will be sent the next time Facteur runs.
cli-outbox-empty = The outbox is empty.
cli-outbox-queued = waiting
cli-outbox-sending = sending
cli-outbox-sent = sent, saving a copy
cli-outbox-failed = refused
cli-outbox-unconfirmed = unconfirmed (may have been sent)
cli-no-folder = The account { $account } has no folder { $folder }.
cli-no-message = There is no message { $id } in the local cache.
cli-no-results = Nothing found.
cli-empty-folder = No messages.
cli-body-unavailable = The full text is not available offline; showing the preview.
# `facteur render`: the picture was written.
cli-rendered = Drawn into { $path } ({ $width } × { $height } pixels; { $blocked ->
    [0] no remote pictures
    [one] one remote picture not loaded
   *[other] { $blocked } remote pictures not loaded
}, { $trackers ->
    [0] no trackers
    [one] one tracker blocked
   *[other] { $trackers } trackers blocked
}).
cli-render-failed = The message could not be drawn: { $reason }
cli-render-no-text = The text of message { $id } is not on this computer and could not be downloaded.
# A header as `facteur show` prints it.
cli-header-line = { $name }: { $value }
cli-header-from = From
cli-header-to = To
cli-header-cc = Cc
cli-header-date = Date
cli-header-subject = Subject
cli-attachments = { $count ->
    [one] One attachment:
   *[other] { $count } attachments:
}
cli-watch-started = Watching { $count ->
    [one] one account
   *[other] { $count } accounts
}. Press Ctrl+C to stop.

## Engine events, as `facteur watch` prints them
event-state-starting = starting
event-state-connecting = connecting
event-state-online = online
event-state-syncing = synchronising
event-state-offline-retry = offline, next attempt in { $seconds } s
event-state-offline = offline until the settings are fixed
event-state-idle = waiting
event-push-listening = new mail arrives as it comes (push)
event-push-polling = the server cannot push; checking every few minutes
event-push-down = push interrupted ({ $reason }); retrying in { $seconds } s
event-crashed = stopped unexpectedly ({ $reason }); restarting in { $seconds } s
event-removed = account removed
event-folders-changed = folder list updated
event-folder-synced = { $folder } up to date ({ $new } new, { $changed } changed, { $removed } removed)
event-folder-reset = { $folder } was recreated on the server and has been downloaded again
event-sync-finished = all folders up to date
event-new-mail = new mail from { $from }: { $subject }
event-body-ready = message { $id } downloaded
event-action-failed = the server refused an action, which has been undone: { $reason }
event-command-failed = could not be done: { $reason }
event-stopped = stopped
event-remote-images = { $count ->
    [one] one remote image loaded
   *[other] { $count } remote images loaded
}
event-outbox-queued = message { $id } is in the outbox
event-outbox-sending = sending message { $id }
event-outbox-sent = message { $id } was accepted by the server
event-outbox-done = message { $id } sent and saved in Sent
event-outbox-retrying = message { $id } not sent yet ({ $reason }); trying again in { $seconds } s
event-outbox-failed = message { $id } was refused: { $reason }
event-outbox-unconfirmed = message { $id } may or may not have been sent: the connection ended while the server was receiving it. Check the recipient's copy or your Sent folder before sending it again.
event-outbox-removed = message { $id } was taken out of the outbox
event-draft-saved = draft saved
event-draft-on-server = draft saved in the Drafts folder on the server
event-draft-deleted = draft deleted

## Setup discovery
setup-source-bundled = Facteur's provider data
setup-source-autoconfig = the provider's configuration file ({ $url })
setup-source-autoconfig-insecure = a configuration file fetched without encryption ({ $url }): check it before using it
setup-source-ispdb = Thunderbird's provider database ({ $url })
setup-source-mx = the provider that receives this domain's mail ({ $host })
setup-source-srv = the domain's DNS service records
setup-source-guess = servers that answered on usual names
setup-security-tls = encrypted (TLS)
setup-security-starttls = encrypted (STARTTLS)
setup-security-none = NOT encrypted
setup-username = user name: { $name }
setup-note-app-password = This provider refuses your usual password in mail apps: create an app password and use it here.
setup-note-oauth2-only = This provider only accepts signing in through its web page (OAuth2).
setup-note-enable-imap = IMAP/POP access must first be turned on in this provider's web settings.
setup-error-invalid-address = “{ $address }” is not a valid email address.
setup-error-domain-not-found = The domain { $domain } does not exist. Check the part after the @.
setup-error-no-server = No mail server was found for { $domain }. Enter the servers by hand; your provider's help pages list them.
setup-note-paid-plan = This provider lets mail apps in only on its paid plans: check that yours includes IMAP or POP3.
setup-error-no-connection = No connection to the internet: Facteur could not check your servers. Check that you are online, then try again.
setup-unsupported-no-mail-apps = { $provider } does not let mail apps read its mail: it offers no IMAP or POP3. You can read this mail on its website or in its own app, and use an address from another provider here.
setup-unsupported-bridge = { $provider } does not let mail apps read its mail directly. Its paid plans include a bridge program that runs beside your mail app: once it runs, enter the servers it shows by hand.
setup-unsupported-tor = { $provider } can be reached only through the Tor network, which Facteur does not use.
setup-unsupported-reserved = { $provider } is reserved for examples: no real mailbox has this address. Check the part after the @.
setup-stage-bundled = Looking in Facteur's provider list…
setup-stage-provider = Asking your provider for its settings…
setup-stage-ispdb = Looking in Thunderbird's provider database…
setup-stage-dns = Reading your domain's DNS records…
setup-stage-guessing = Trying the usual server names…
setup-step-connecting = connecting…
setup-step-secured = connected, encrypted
setup-step-logging-in = signing in…
setup-step-logged-in = signed in
event-discovered = { $count ->
    [one] one way to set up the account was found
   *[other] { $count } ways to set up the account were found
}
event-setup-checked = the server accepted the sign-in
setup-check-ok = These servers accept your password:
cli-password-needed = Give the password on standard input with --password-stdin.

## The window
app-engine-stopped = Facteur's mail engine has stopped. Close the window and open Facteur again.
size-bytes = { $count ->
    [one] 1 byte
   *[other] { $count } bytes
}
size-kb = { $value } KB
size-mb = { $value } MB
size-gb = { $value } GB
# The list’s date of a message received the day before.
date-yesterday = Yesterday

## Setup wizard
wizard-heading = Add a mail account
wizard-close = Close
wizard-back = Back
wizard-next = Next
wizard-continue = Continue
wizard-cancel = Cancel
wizard-edit-settings = Edit settings
wizard-verify = Check these settings
wizard-try-again = Try again
wizard-identity-title = Who are you?
wizard-identity-intro = Facteur finds your provider's settings from your address. Your password stays on this computer, in the system's password keyring.
wizard-name = Your name
wizard-name-placeholder = Alex Smith
wizard-email = Email address
wizard-email-placeholder = you@example.com
wizard-password = Password
wizard-password-show = Show
wizard-password-hide = Hide
wizard-password-note = Some providers (Gmail, Yahoo, iCloud) want an app password here rather than your usual one.
wizard-password-missing = Enter your password to continue.
wizard-discovering-title = Looking for your provider…
wizard-discovering-intro = Finding the servers for { $email }. This usually takes a few seconds.
wizard-found-title = Settings found
wizard-found = Found: { $provider }
wizard-found-source = From { $source }.
wizard-found-insecure = These settings came over an unencrypted connection: check them with your provider before going on.
wizard-server-incoming = Incoming
wizard-server-outgoing = Outgoing
wizard-server-sentence = { $role } { $protocol }: { $host }, port { $port }, { $security }, user name { $username }
wizard-choice-title = IMAP or POP3?
wizard-choice-question = Will you read this mail on other devices too (phone, webmail, another computer)?
wizard-choice-yes = Yes
wizard-choice-no = No, only here
wizard-choice-recommended = Recommended for you
wizard-choice-imap = IMAP — keep mail on the server
wizard-choice-imap-explained = Your mail stays on the server and everything stays in step on every device: what you read, delete or file here is read, deleted or filed everywhere.
wizard-choice-pop3 = POP3 — download mail to this computer
wizard-choice-pop3-explained = Mail is downloaded to this computer and can be read offline. By default a copy stays on the server for 14 days, then only this computer has it: back it up.
wizard-manual-title = Server settings
wizard-manual-intro = Enter the servers your provider gives in its help pages. Choosing a security fills in the usual port.
wizard-incoming = Incoming server
wizard-outgoing = Outgoing server (SMTP)
wizard-host = Server name
wizard-port = Port
wizard-security = Security
wizard-auth = Sign-in
wizard-username = User name
wizard-security-tls = SSL/TLS
wizard-security-starttls = STARTTLS
wizard-security-none = None (unencrypted)
wizard-auth-password = Password
wizard-auth-oauth2 = OAuth2 token
wizard-plaintext-warning = Without encryption, your password and your mail cross the network readable by anyone on the way (public Wi-Fi, your provider's network).
wizard-plaintext-consent = I understand the risks and want to use this server without encryption
wizard-problem-host = { $server ->
    [incoming] Enter the incoming server's name.
   *[outgoing] Enter the outgoing server's name.
}
wizard-problem-port = { $server ->
    [incoming] Enter the incoming server's port (a number).
   *[outgoing] Enter the outgoing server's port (a number).
}
wizard-problem-username = { $server ->
    [incoming] Enter the user name for the incoming server.
   *[outgoing] Enter the user name for the outgoing server.
}
wizard-problem-consent = Confirm that you accept a connection without encryption, or choose SSL/TLS or STARTTLS.
wizard-verifying-title = Checking your settings
wizard-check-connect = Connect to the server
wizard-check-encryption = Encrypt the connection
wizard-check-no-encryption = No encryption (as you chose)
wizard-check-login = Sign in
wizard-details-show = Show the server's message
wizard-details-hide = Hide the server's message
wizard-unsupported-title = This provider cannot be used here
wizard-unsupported-help = What { $provider } offers instead
wizard-unsupported-website = { $provider } on the web
wizard-unsupported-other = Use another address
wizard-unsupported-manual = Enter the servers by hand
wizard-discover-again = Try again
wizard-password-again = Password
wizard-password-again-hint = Correct the password here, then check again.
wizard-saving = Everything works. Saving your account…

## Mailbox
mailbox-search-placeholder = Search all mail
mailbox-refresh = Send and receive
mailbox-add-account = Add account
mailbox-unified-inbox = All inboxes
mailbox-results = { $count ->
    [one] 1 message found
   *[other] { $count } messages found
}
mailbox-clear-search = Clear search
mailbox-no-results = No message matches.
mailbox-empty = No messages here.
mailbox-row-to = To: { $names }
mailbox-and-others = { $count ->
    [one] and one other
   *[other] and { $count } others
}
mailbox-no-subject = (no subject)
mailbox-loading = Opening…
mailbox-pick-message = Choose a message to read it.
mailbox-downloading = Downloading the message…
mailbox-mark-read = Mark as read
mailbox-mark-unread = Mark as unread
mailbox-flag = Flag
mailbox-unflag = Remove flag
mailbox-move = Move to…
mailbox-delete = Delete
mailbox-from = From
mailbox-to = To
mailbox-cc = Cc
mailbox-date = Date
mailbox-count = { $count ->
    [one] 1 message
   *[other] { $count } messages
}
mailbox-images-blocked = { $count ->
    [one] 1 remote image was not loaded, to protect your privacy.
   *[other] { $count } remote images were not loaded, to protect your privacy.
}
mailbox-attachments = { $count ->
    [one] 1 attachment
   *[other] { $count } attachments
}
mailbox-unnamed-attachment = unnamed attachment
# The status line: an account and what it is doing.
mailbox-account-status = { $account }: { $status }
mailbox-account-crashed = stopped unexpectedly; starting again in { $seconds } s
reader-download-failed = This message could not be downloaded: { $reason }
reader-retry = Try again
mailbox-sync-progress = Updating { $folder }: { $done } of { $total ->
    [one] 1 message
   *[other] { $total } messages
}
folder-inbox = Inbox
folder-drafts = Drafts
folder-sent = Sent
folder-archive = Archive
folder-junk = Junk
folder-trash = Trash

## Preferences
prefs-title = Preferences
prefs-language = Language
prefs-language-system = As the system
prefs-mark-read-on-open = Mark messages as read when I open them
prefs-close = Close
prefs-notifications = Tell me when new mail arrives
prefs-keep-running = Keep checking for mail when the window is closed
prefs-keep-running-detail = New mail is still announced after you close the window. To stop Facteur completely, choose “Quit Facteur” (Ctrl+Q).
prefs-quit = Quit Facteur
prefs-start-at-login = Start Facteur when I log in
prefs-default-app-yes = Email links open in Facteur.
prefs-default-app-no = Email links open in another app.
prefs-default-app-make = Open them in Facteur
prefs-default-app-unknown = Facteur cannot tell which app opens email links: the xdg-utils package is missing.
prefs-desktop-failed = The desktop did not accept the change: { $reason }
prefs-desktop-write-failed = { $path } could not be written: { $reason }

## Mailbox: writing and attachments
mailbox-write = Write
mailbox-reply = Reply
mailbox-reply-all = Reply all
mailbox-forward = Forward
mailbox-edit-draft = Continue writing
mailbox-save = Save
mailbox-save-all = Save all
mailbox-save-title = Choose where to save the attachments
mailbox-attachment-saved = Saved as { $path }
mailbox-attachments-saved = { $count ->
    [one] One attachment saved in { $folder }
   *[other] { $count } attachments saved in { $folder }
}
mailbox-attachments-not-saved = The attachments could not be saved: { $reason }
folder-outbox = Outbox

## Composer
composer-send = Send
composer-attach = Attach
composer-attach-title = Choose files to attach
composer-discard = Discard
composer-close = Close
composer-from = From
composer-to = To
composer-cc = Cc
composer-bcc = Bcc
composer-show-bcc = Add Bcc
composer-subject = Subject
composer-subject-placeholder = What is it about?
composer-address-placeholder = Names or addresses, separated by commas
composer-body-placeholder = Write your message here.
composer-attachments = Attached
composer-remove-attachment = Remove
composer-forwarded-message = Forwarded message
composer-draft-saved = Draft saved
composer-preparing = Preparing…
composer-queued = In the outbox, about to be sent
composer-sending = Sending…
composer-sent = Message sent
composer-retrying = Not sent yet: trying again in { $seconds } s
composer-failed = Not sent
composer-not-queued = The message could not be put in the outbox, so it was not sent: { $reason } It stays here with its draft; press Send to try again.
composer-retry = Try again
composer-edit-again = Edit the message
composer-no-recipient = Add at least one recipient.
composer-bad-address = “{ $address }” is not a valid address.
composer-build-failed = The message could not be prepared: { $reason }
composer-attribution = On { $date }, { $name } wrote:
composer-forward-block =
    -------- Forwarded message --------
    From: { $from }
    Date: { $date }
    Subject: { $subject }
    To: { $to }
# A file name (no spaces needed) for an attachment sent without one.
composer-unnamed-file = attachment
composer-source-missing = This message is no longer available here.
composer-attachment-too-big = { $file } is too big to send by mail ({ $size }).
composer-attach-failed = { $file } could not be read: { $reason }
composer-link-not-mailto = This link is not an email address, so the message starts empty.
composer-link-unreadable = Some characters of the link could not be read; check the message before sending it.
composer-link-body-cut = The text in the link was very long and has been shortened.
composer-link-too-many = { $count ->
    [one] One more recipient in the link was left out.
   *[other] { $count } more recipients in the link were left out.
}
composer-link-ignored = { $count ->
    [one] The link also tried to set the field { $fields }, which a link may not set: it was left out.
   *[other] The link also tried to set the fields { $fields }, which a link may not set: they were left out.
}

## Outbox
outbox-empty = Nothing is waiting to be sent.
outbox-to = To: { $recipients }
outbox-from = From the account { $account }
outbox-state-queued = Waiting to be sent
outbox-state-retrying = { $attempts ->
    [one] Not sent yet after one try; it will try again by itself
   *[other] Not sent yet after { $attempts } tries; it will try again by itself
}
outbox-state-sending = Being sent
outbox-state-sent = Sent
outbox-state-failed = Refused: waiting for your decision
outbox-server-said = The server said: { $text }
outbox-unconfirmed = The connection broke while this message was being sent. It may have left; check the recipient's answer or your Sent folder before sending it again.
outbox-send-now = Send now
outbox-edit = Edit
outbox-remove = Remove from the outbox

## Notifications
notify-new-mail = { $count ->
    [one] One new message
   *[other] { $count } new messages
}
notify-new-mail-from = { $count ->
    [one] One new message from { $senders }
   *[other] { $count } new messages from { $senders }
}
notify-and-more = { $count ->
    [one] and one more
   *[other] and { $count } more
}
notify-open = Open

## Settings: look and accounts
prefs-theme = Appearance
prefs-theme-system = As the system
prefs-theme-light = Light
prefs-theme-dark = Dark
prefs-offer-remote-images = Offer to show a message’s pictures from the internet
prefs-picture-senders = { $count ->
    [one] The pictures of one sender are always shown.
   *[other] The pictures of { $count } senders are always shown.
}
prefs-picture-senders-forget = Ask again for them
prefs-remote-content = Pictures and other content from the internet are not loaded when a message opens, so senders cannot see when you read it. Loading a message's pictures tells its sender that you read it.
prefs-imap-push = IMAP on { $host }: new mail arrives as soon as the server has it.
prefs-pop3-server = POP3 on { $host }
prefs-check-interval = Check for new mail
prefs-every-minutes = { $minutes ->
    [one] every minute
   *[other] every { $minutes } minutes
}
prefs-pop3-retention = After downloading a message
prefs-pop3-leave = Leave it on the server (read it elsewhere too)
prefs-pop3-delete = Delete it from the server
prefs-pop3-delete-after = Then delete it from the server
prefs-pop3-keep-forever = never
prefs-pop3-days = { $days ->
    [one] after one day
   *[other] after { $days } days
}
prefs-edit-servers = Edit servers…
prefs-remove-account = Remove this account…
prefs-remove-confirm = Yes, remove it
prefs-remove-cancel = Keep it
prefs-remove-warning = Removing { $account } deletes its password and the mail Facteur keeps for it on this computer. Mail on the server stays there; mail downloaded by POP3 and deleted from the server is lost.

## Remote images
mailbox-images-show = Show pictures
mailbox-images-loading = Loading…
mailbox-images-shown = { $count ->
    [0] No picture could be loaded.
    [one] One picture from the internet, loaded at your request:
   *[other] { $count } pictures from the internet, loaded at your request:
}
about-title = About Facteur
about-version = Facteur { $version }
about-licence = Facteur is free software under the GNU General Public License, version 3 or later.
about-providers = The settings of known providers come from Thunderbird’s ISP database and Delta Chat’s provider database (both under the Mozilla Public License 2.0), with Facteur’s own additions. They are part of Facteur: finding them needs no network.

## Reader: HTML mail
reader-laying-out = Laying out the message…
reader-show-plain-text = Plain text
reader-show-original-layout = Original layout
reader-html-too-complex = This message’s layout is too large or too deeply nested to draw; it is shown as text.
reader-html-too-slow = This message took too long to lay out; it is shown as text.
reader-html-failed = This message’s layout could not be drawn; it is shown as text.
reader-html-clipped = This message is long: only its beginning is laid out.
reader-html-show-all = Show all of it
reader-trackers-blocked = { $count ->
    [one] One tracker blocked
   *[other] { $count } trackers blocked
}
reader-images-always = Always for this sender
reader-link-goes-to = This link goes to:
reader-link-disguised = Careful: the link reads “{ $shown }” but goes to { $real }.
reader-link-open = Open in the browser
reader-link-cancel = Cancel
