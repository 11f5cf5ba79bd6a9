## The application
app-name = Facteur
app-title = { $count ->
    [0] { $folder } — Facteur
   *[other] { $folder } ({ $count }) — Facteur
}
app-tagline = Votre courrier, tout simplement.

## First window (until the setup wizard arrives)
welcome-title = Bienvenue dans Facteur
welcome-body = Facteur se prépare. Pour l’instant, ajoutez un compte depuis la ligne de commande : facteur account add --email vous@exemple.fr
welcome-accounts = { $count ->
    [0] Aucun compte n’est encore configuré.
    [one] Un compte est configuré.
   *[other] { $count } comptes sont configurés.
}

## Command line
cli-account-added = Le compte { $email } a été ajouté.
cli-account-removed = Le compte { $email } a été supprimé, avec son mot de passe et son courrier local.
cli-account-unknown = Il n’existe aucun compte { $email }.
cli-no-display = Aucun écran où ouvrir la fenêtre (ni Wayland ni X11 ne fonctionne ici). Utilisez plutôt les commandes : facteur --help.
cli-quit-no-bus = Impossible de joindre Facteur pour l’arrêter : il n’y a pas de bus de session ici.
cli-account-exists = Un compte { $email } existe déjà. Supprimez-le d’abord pour le configurer à nouveau.
cli-no-accounts = Aucun compte n’est encore configuré. Ajoutez-en un avec : facteur account add --email vous@exemple.fr
cli-password-empty = Le mot de passe reçu sur l’entrée standard est vide.
cli-server-missing = Indiquez où se trouve le serveur { $role } : { $flags }.
cli-role-incoming = de réception
cli-role-outgoing = d’envoi
cli-plaintext-refused = Le serveur { $role } est réglé sans chiffrement : votre mot de passe et vos messages circuleraient sur le réseau lisibles par quiconque se trouve sur le chemin. Choisissez tls ou starttls, ou ajoutez --allow-unencrypted si vous acceptez ce risque.
cli-plaintext-warning = Attention : le serveur { $role } est configuré sans chiffrement. Votre mot de passe et vos messages circuleront sur le réseau lisibles par quiconque se trouve sur le chemin.

## Errors
error-secret-unavailable = Aucun trousseau de mots de passe n’est disponible, et Facteur ne conserve les mots de passe que là. Installez-en un et lancez-le, par exemple gnome-keyring (apt install gnome-keyring) ou KeePassXC avec son intégration Secret Service. Détails : { $detail }
error-secret-locked = Le trousseau de mots de passe est verrouillé ou a refusé l’accès. Déverrouillez-le puis réessayez. Détails : { $detail }
error-secret-failed = Le trousseau de mots de passe a signalé un problème : { $detail }
error-config-syntax = Le fichier de réglages { $path } contient une erreur ligne { $line }, colonne { $column } : { $message }
error-config-too-new = Le fichier de réglages { $path } a été écrit par une version plus récente de Facteur. Mettez Facteur à jour pour l’utiliser.
error-config-invalid = Le fichier de réglages { $path } n’est pas valide : { $message }
error-config-read = Impossible de lire le fichier de réglages { $path } : { $message }
error-config-write = Les réglages n’ont pas pu être enregistrés dans { $path } : { $message }. Les réglages précédents sont intacts.
error-store = Le cache local du courrier rencontre un problème : { $message }
error-store-in-use = Facteur est déjà ouvert avec ce cache local du courrier ({ $path }). Fermez d’abord ce Facteur, ou faites-le depuis sa fenêtre.
error-generic = Une erreur s’est produite : { $message }

## Erreurs des serveurs de messagerie (ce qui s'est passé, et que faire)
mail-error-host-not-found = Le serveur { $host } est introuvable. Vérifiez son nom et votre connexion à Internet.
mail-error-connection-refused = { $host } a refusé la connexion sur le port { $port }. Vérifiez le port et le type de sécurité.
mail-error-timeout = { $host } (port { $port }) n’a pas répondu à temps. Vérifiez votre connexion à Internet ou réessayez plus tard.
mail-error-connection-lost = La connexion au serveur a été perdue. Facteur va réessayer de lui-même.
mail-error-certificate = Le certificat du serveur n’est pas digne de confiance ({ $reason }). Quelqu’un intercepte peut-être la connexion. Certificat de { $subject }, émis par { $issuer }.
mail-error-encryption-not-offered = Le serveur ne propose pas le chiffrement exigé par ces réglages : Facteur n’a donc pas envoyé votre mot de passe. Choisissez SSL/TLS ou vérifiez les réglages du serveur.
mail-error-tls = La connexion chiffrée au serveur a échoué. Vérifiez le port et le type de sécurité.
mail-error-wrong-credentials = Le serveur a refusé l’identifiant ou le mot de passe. Vérifiez-les et réessayez.
mail-error-app-password = Ce fournisseur n’accepte pas ici votre mot de passe habituel : créez un mot de passe d’application dans les réglages de sécurité de votre compte et utilisez-le à la place.
mail-error-oauth2 = Ce fournisseur n’accepte que l’identification par sa propre page web (OAuth2), pas un mot de passe.
mail-error-disabled = L’accès IMAP ou POP est désactivé pour ce compte. Activez-le dans les réglages en ligne du fournisseur, puis réessayez.
mail-error-too-many = Le serveur refuse pour l’instant d’autres connexions pour ce compte. Fermez les autres logiciels de messagerie ou patientez quelques minutes.
mail-error-temporary = Le serveur rencontre un problème passager. Facteur réessaiera plus tard.
mail-error-protocol = Le serveur a donné une réponse que Facteur ne comprend pas.
mail-error-refused = Le serveur a refusé la demande.
mail-error-message-withheld = Le serveur n’a pas voulu envoyer l’un de vos messages. Il reste sur le serveur ; la prochaine relève le demandera de nouveau.
mail-error-missing-secret = Aucun mot de passe n’est enregistré pour ce compte. Configurez à nouveau le compte pour le saisir.
mail-error-local-store = La copie de votre courrier sur cet ordinateur n’a pas pu être écrite (le disque est-il plein ?). Rien n’est perdu ; libérez de la place et réessayez.
mail-error-not-found = Il n’existe plus : il a sans doute été supprimé ou déplacé entre-temps.
mail-error-details = Réponse du serveur : { $text }
cert-reason-expired = il a expiré
cert-reason-not-yet-valid = il n’est pas encore valide
cert-reason-wrong-name = il a été établi pour un autre nom de serveur
cert-reason-unknown-issuer = il a été émis par une autorité inconnue
cert-reason-self-signed = il est auto-signé
cert-reason-revoked = il a été révoqué
cert-reason-other = il n’est pas valide

## Ligne de commande : courrier
cli-sync-progress = { $account } · { $folder } : { $done } sur { $total }
cli-sync-done = { $account } : à jour — { $new ->
    [one] un nouveau message
   *[other] { $new } nouveaux messages
}, { $changed } modifiés, { $removed } supprimés.
cli-sync-failed = { $account } : { $error }
cli-no-matching-account = Aucun compte ne correspond à { $email }.
cli-no-pop3-account = Aucun compte POP3 ne correspond ; `check` concerne les comptes POP3 (les comptes IMAP reçoivent le courrier dès son arrivée ; utilisez `sync`).
cli-cannot-read = Impossible de lire { $path }.
cli-send-invalid = Le message ne peut pas être envoyé tel quel : { $reason }
cli-send-interrupted = Interrompu : le message reste dans la boîte d’envoi et partira au prochain lancement de Facteur.
cli-outbox-empty = La boîte d’envoi est vide.
cli-outbox-queued = en attente
cli-outbox-sending = envoi en cours
cli-outbox-sent = envoyé, copie en cours d’enregistrement
cli-outbox-failed = refusé
cli-outbox-unconfirmed = non confirmé (peut-être envoyé)
cli-no-folder = Le compte { $account } n’a pas de dossier { $folder }.
cli-no-message = Il n’y a pas de message { $id } dans le cache local.
cli-no-results = Aucun résultat.
cli-empty-folder = Aucun message.
cli-body-unavailable = Le texte complet n’est pas disponible hors ligne ; voici l’aperçu.
# `facteur render`: the picture was written.
cli-rendered = Dessiné dans { $path } ({ $width } × { $height } pixels ; { $blocked ->
    [0] aucune image distante
    [one] une image distante non chargée
   *[other] { $blocked } images distantes non chargées
}, { $trackers ->
    [0] aucun traqueur
    [one] un traqueur bloqué
   *[other] { $trackers } traqueurs bloqués
}).
cli-render-failed = Le message n’a pas pu être dessiné : { $reason }
cli-render-no-text = Le texte du message { $id } n’est pas sur cet ordinateur et n’a pas pu être téléchargé.
# A header as `facteur show` prints it.
cli-header-line = { $name } : { $value }
cli-header-from = De
cli-header-to = À
cli-header-cc = Cc
cli-header-date = Date
cli-header-subject = Objet
cli-attachments = { $count ->
    [one] Une pièce jointe :
   *[other] { $count } pièces jointes :
}
cli-watch-started = Surveillance de { $count ->
    [one] un compte
   *[other] { $count } comptes
}. Appuyez sur Ctrl+C pour arrêter.

## Évènements du moteur, tels que `facteur watch` les affiche
event-state-starting = démarrage
event-state-connecting = connexion en cours
event-state-online = en ligne
event-state-syncing = synchronisation
event-state-offline-retry = hors ligne, nouvel essai dans { $seconds } s
event-state-offline = hors ligne jusqu’à la correction des réglages
event-state-idle = en attente
event-push-listening = le nouveau courrier arrive dès qu’il est là (push)
event-push-polling = le serveur ne signale pas le nouveau courrier ; relève toutes les quelques minutes
event-push-down = push interrompu ({ $reason }) ; nouvel essai dans { $seconds } s
event-crashed = arrêt inattendu ({ $reason }) ; redémarrage dans { $seconds } s
event-removed = compte supprimé
event-folders-changed = liste des dossiers mise à jour
event-folder-synced = { $folder } à jour ({ $new } nouveaux, { $changed } modifiés, { $removed } supprimés)
event-folder-reset = { $folder } a été recréé sur le serveur et a été téléchargé à nouveau
event-sync-finished = tous les dossiers sont à jour
event-new-mail = nouveau message de { $from } : { $subject }
event-body-ready = message { $id } téléchargé
event-action-failed = le serveur a refusé une action, qui a été annulée : { $reason }
event-command-failed = impossible : { $reason }
event-stopped = arrêté
event-remote-images = { $count ->
    [one] une image d’Internet chargée
   *[other] { $count } images d’Internet chargées
}
event-outbox-queued = le message { $id } est dans la boîte d’envoi
event-outbox-sending = envoi du message { $id }
event-outbox-sent = le message { $id } a été accepté par le serveur
event-outbox-done = message { $id } envoyé et enregistré dans Envoyés
event-outbox-retrying = le message { $id } n’est pas encore parti ({ $reason }) ; nouvel essai dans { $seconds } s
event-outbox-failed = le message { $id } a été refusé : { $reason }
event-outbox-unconfirmed = le message { $id } est peut-être parti, peut-être pas : la connexion a été coupée pendant que le serveur le recevait. Vérifiez votre dossier Envoyés ou auprès du destinataire avant de le renvoyer.
event-outbox-removed = le message { $id } a été retiré de la boîte d’envoi
event-draft-saved = brouillon enregistré
event-draft-on-server = brouillon enregistré dans le dossier Brouillons du serveur
event-draft-deleted = brouillon supprimé

## Setup discovery
setup-source-bundled = les données de fournisseurs de Facteur
setup-source-autoconfig = le fichier de configuration du fournisseur ({ $url })
setup-source-autoconfig-insecure = un fichier de configuration obtenu sans chiffrement ({ $url }) : vérifiez-le avant de l’utiliser
setup-source-ispdb = la base de fournisseurs de Thunderbird ({ $url })
setup-source-mx = le fournisseur qui reçoit le courrier de ce domaine ({ $host })
setup-source-srv = les enregistrements de service DNS du domaine
setup-source-guess = des serveurs qui ont répondu sous des noms usuels
setup-security-tls = chiffré (TLS)
setup-security-starttls = chiffré (STARTTLS)
setup-security-none = NON chiffré
setup-username = identifiant : { $name }
setup-note-app-password = Ce fournisseur refuse votre mot de passe habituel dans les logiciels de messagerie : créez un mot de passe d’application et utilisez-le ici.
setup-note-oauth2-only = Ce fournisseur n’accepte que l’identification par sa propre page web (OAuth2).
setup-note-enable-imap = L’accès IMAP/POP doit d’abord être activé dans les réglages en ligne de ce fournisseur.
setup-error-invalid-address = « { $address } » n’est pas une adresse e-mail valide.
setup-error-domain-not-found = Le domaine { $domain } n’existe pas. Vérifiez la partie après le @.
setup-error-no-server = Aucun serveur de messagerie n’a été trouvé pour { $domain }. Saisissez les serveurs à la main ; les pages d’aide de votre fournisseur les indiquent.
setup-note-paid-plan = Ce fournisseur n’ouvre l’accès aux logiciels de messagerie qu’à ses offres payantes : vérifiez que la vôtre comprend IMAP ou POP3.
setup-error-no-connection = Pas de connexion à Internet : Facteur n’a pas pu vérifier vos serveurs. Vérifiez que vous êtes connecté, puis réessayez.
setup-unsupported-no-mail-apps = { $provider } ne permet pas aux logiciels de messagerie de lire son courrier : il ne propose ni IMAP ni POP3. Vous pouvez lire ce courrier sur son site ou dans son application, et utiliser ici l’adresse d’un autre fournisseur.
setup-unsupported-bridge = { $provider } ne permet pas aux logiciels de messagerie de lire directement son courrier. Ses offres payantes comprennent un programme passerelle qui fonctionne à côté de votre logiciel de messagerie : une fois lancé, saisissez à la main les serveurs qu’il indique.
setup-unsupported-tor = { $provider } n’est joignable que par le réseau Tor, que Facteur n’utilise pas.
setup-unsupported-reserved = { $provider } est réservé aux exemples : aucune vraie boîte aux lettres n’a cette adresse. Vérifiez la partie après le @.
setup-stage-bundled = Recherche dans la liste des fournisseurs connus de Facteur…
setup-stage-provider = Demande des réglages à votre fournisseur…
setup-stage-ispdb = Recherche dans la base des fournisseurs de Thunderbird…
setup-stage-dns = Lecture des enregistrements DNS de votre domaine…
setup-stage-guessing = Essai des noms de serveurs habituels…
setup-step-connecting = connexion…
setup-step-secured = connecté, chiffré
setup-step-logging-in = identification…
setup-step-logged-in = identifié
event-discovered = { $count ->
    [one] une façon de configurer le compte a été trouvée
   *[other] { $count } façons de configurer le compte ont été trouvées
}
event-setup-checked = le serveur a accepté l’identification
setup-check-ok = Ces serveurs acceptent votre mot de passe :
cli-password-needed = Donnez le mot de passe sur l’entrée standard avec --password-stdin.

## The window
app-engine-stopped = Le moteur de messagerie de Facteur s’est arrêté. Fermez la fenêtre et relancez Facteur.
size-bytes = { $count ->
    [one] 1 octet
   *[other] { $count } octets
}
size-kb = { $value } Ko
size-mb = { $value } Mo
size-gb = { $value } Go
# The list’s date of a message received the day before.
date-yesterday = Hier

## Setup wizard
wizard-heading = Ajouter un compte de messagerie
wizard-close = Fermer
wizard-back = Retour
wizard-next = Suivant
wizard-continue = Continuer
wizard-cancel = Annuler
wizard-edit-settings = Modifier les réglages
wizard-verify = Vérifier ces réglages
wizard-try-again = Réessayer
wizard-identity-title = Qui êtes-vous ?
wizard-identity-intro = Facteur retrouve les réglages de votre fournisseur à partir de votre adresse. Votre mot de passe reste sur cet ordinateur, dans le trousseau du système.
wizard-name = Votre nom
wizard-name-placeholder = Marie Dupont
wizard-email = Adresse e-mail
wizard-email-placeholder = vous@exemple.fr
wizard-password = Mot de passe
wizard-password-show = Afficher
wizard-password-hide = Masquer
wizard-password-note = Certains fournisseurs (Gmail, Yahoo, iCloud) demandent ici un mot de passe d’application plutôt que votre mot de passe habituel.
wizard-password-missing = Saisissez votre mot de passe pour continuer.
wizard-discovering-title = Recherche de votre fournisseur…
wizard-discovering-intro = Recherche des serveurs de { $email }. Cela ne prend en général que quelques secondes.
wizard-found-title = Réglages trouvés
wizard-found = Trouvé : { $provider }
wizard-found-source = Source : { $source }.
wizard-found-insecure = Ces réglages sont arrivés par une connexion non chiffrée : vérifiez-les auprès de votre fournisseur avant de continuer.
wizard-server-incoming = Réception
wizard-server-outgoing = Envoi
wizard-server-sentence = { $role } { $protocol } : { $host }, port { $port }, { $security }, identifiant { $username }
wizard-choice-title = IMAP ou POP3 ?
wizard-choice-question = Lirez-vous aussi ce courrier sur d’autres appareils (téléphone, webmail, autre ordinateur) ?
wizard-choice-yes = Oui
wizard-choice-no = Non, seulement ici
wizard-choice-recommended = Conseillé pour vous
wizard-choice-imap = IMAP — le courrier reste sur le serveur
wizard-choice-imap-explained = Vos messages restent sur le serveur et tous vos appareils restent synchronisés : ce que vous lisez, supprimez ou rangez ici l’est partout.
wizard-choice-pop3 = POP3 — le courrier est téléchargé sur cet ordinateur
wizard-choice-pop3-explained = Les messages sont téléchargés sur cet ordinateur et se lisent hors connexion. Par défaut, une copie reste 14 jours sur le serveur ; ensuite, seul cet ordinateur les conserve : pensez à le sauvegarder.
wizard-manual-title = Réglages des serveurs
wizard-manual-intro = Saisissez les serveurs indiqués dans l’aide de votre fournisseur. Le choix de la sécurité remplit le port habituel.
wizard-incoming = Serveur de réception
wizard-outgoing = Serveur d’envoi (SMTP)
wizard-host = Nom du serveur
wizard-port = Port
wizard-security = Sécurité
wizard-auth = Méthode d’identification
wizard-username = Identifiant
wizard-security-tls = SSL/TLS
wizard-security-starttls = STARTTLS
wizard-security-none = Aucune (non chiffré)
wizard-auth-password = Mot de passe
wizard-auth-oauth2 = Jeton OAuth2
wizard-plaintext-warning = Sans chiffrement, votre mot de passe et vos messages circulent sur le réseau lisibles par quiconque se trouve sur le trajet (Wi-Fi public, réseau de votre fournisseur).
wizard-plaintext-consent = J’ai compris les risques et je veux utiliser ce serveur sans chiffrement
wizard-problem-host = { $server ->
    [incoming] Indiquez le nom du serveur de réception.
   *[outgoing] Indiquez le nom du serveur d’envoi.
}
wizard-problem-port = { $server ->
    [incoming] Indiquez le port du serveur de réception (un nombre).
   *[outgoing] Indiquez le port du serveur d’envoi (un nombre).
}
wizard-problem-username = { $server ->
    [incoming] Indiquez l’identifiant du serveur de réception.
   *[outgoing] Indiquez l’identifiant du serveur d’envoi.
}
wizard-problem-consent = Confirmez que vous acceptez une connexion non chiffrée, ou choisissez SSL/TLS ou STARTTLS.
wizard-verifying-title = Vérification de vos réglages
wizard-check-connect = Connexion au serveur
wizard-check-encryption = Chiffrement de la connexion
wizard-check-no-encryption = Sans chiffrement (votre choix)
wizard-check-login = Identification
wizard-details-show = Afficher le message du serveur
wizard-details-hide = Masquer le message du serveur
wizard-unsupported-title = Ce fournisseur ne peut pas être utilisé ici
wizard-unsupported-help = Ce que { $provider } propose à la place
wizard-unsupported-website = { $provider } sur le web
wizard-unsupported-other = Utiliser une autre adresse
wizard-unsupported-manual = Saisir les serveurs à la main
wizard-discover-again = Réessayer
wizard-password-again = Mot de passe
wizard-password-again-hint = Corrigez le mot de passe ici, puis vérifiez à nouveau.
wizard-saving = Tout fonctionne. Enregistrement de votre compte…

## Mailbox
mailbox-search-placeholder = Rechercher dans tout le courrier
mailbox-refresh = Envoyer et relever
mailbox-add-account = Ajouter un compte
mailbox-unified-inbox = Toutes les boîtes de réception
mailbox-results = { $count ->
    [one] 1 message trouvé
   *[other] { $count } messages trouvés
}
mailbox-clear-search = Effacer la recherche
mailbox-no-results = Aucun message ne correspond.
mailbox-empty = Aucun message ici.
mailbox-row-to = À : { $names }
mailbox-and-others = { $count ->
    [one] et une autre personne
   *[other] et { $count } autres personnes
}
mailbox-no-subject = (sans objet)
mailbox-loading = Ouverture…
mailbox-pick-message = Choisissez un message pour le lire.
mailbox-downloading = Téléchargement du message…
mailbox-mark-read = Marquer comme lu
mailbox-mark-unread = Marquer comme non lu
mailbox-flag = Marquer d’une étoile
mailbox-unflag = Retirer l’étoile
mailbox-move = Déplacer vers…
mailbox-delete = Supprimer
mailbox-from = De
mailbox-to = À
mailbox-cc = Cc
mailbox-date = Date
mailbox-count = { $count ->
    [one] 1 message
   *[other] { $count } messages
}
mailbox-images-blocked = { $count ->
    [one] 1 image d’Internet n’a pas été chargée, pour protéger votre vie privée.
   *[other] { $count } images d’Internet n’ont pas été chargées, pour protéger votre vie privée.
}
mailbox-attachments = { $count ->
    [one] 1 pièce jointe
   *[other] { $count } pièces jointes
}
mailbox-unnamed-attachment = pièce jointe sans nom
# The status line: an account and what it is doing.
mailbox-account-status = { $account } : { $status }
mailbox-account-crashed = arrêté de façon inattendue ; redémarrage dans { $seconds } s
reader-download-failed = Ce message n’a pas pu être téléchargé : { $reason }
reader-retry = Réessayer
mailbox-sync-progress = Mise à jour de « { $folder } » : { $done } sur { $total ->
    [one] 1 message
   *[other] { $total } messages
}
folder-inbox = Boîte de réception
folder-drafts = Brouillons
folder-sent = Envoyés
folder-archive = Archives
folder-junk = Indésirables
folder-trash = Corbeille

## Preferences
prefs-title = Préférences
prefs-language = Langue
prefs-language-system = Comme le système
prefs-mark-read-on-open = Marquer les messages comme lus quand je les ouvre
prefs-close = Fermer
prefs-notifications = Me prévenir quand du courrier arrive
prefs-keep-running = Continuer à relever le courrier quand la fenêtre est fermée
prefs-keep-running-detail = Le nouveau courrier est toujours annoncé après la fermeture de la fenêtre. Pour arrêter complètement Facteur, choisissez « Quitter Facteur » (Ctrl+Q).
prefs-quit = Quitter Facteur
prefs-start-at-login = Lancer Facteur à l’ouverture de ma session
prefs-default-app-yes = Les liens d’adresses e-mail s’ouvrent dans Facteur.
prefs-default-app-no = Les liens d’adresses e-mail s’ouvrent dans une autre application.
prefs-default-app-make = Les ouvrir dans Facteur
prefs-default-app-unknown = Facteur ne peut pas savoir quelle application ouvre les liens d’adresses e-mail : le paquet xdg-utils manque.
prefs-desktop-failed = Le bureau n’a pas accepté la modification : { $reason }
prefs-desktop-write-failed = Impossible d’écrire { $path } : { $reason }

## Mailbox: writing and attachments
mailbox-write = Écrire
mailbox-reply = Répondre
mailbox-reply-all = Répondre à tous
mailbox-forward = Transférer
mailbox-edit-draft = Reprendre le brouillon
mailbox-save = Enregistrer
mailbox-save-all = Tout enregistrer
mailbox-save-title = Choisissez où enregistrer les pièces jointes
mailbox-attachment-saved = Enregistré sous { $path }
mailbox-attachments-saved = { $count ->
    [one] Une pièce jointe enregistrée dans { $folder }
   *[other] { $count } pièces jointes enregistrées dans { $folder }
}
mailbox-attachments-not-saved = Les pièces jointes n’ont pas pu être enregistrées : { $reason }
folder-outbox = Boîte d’envoi

## Composer
composer-send = Envoyer
composer-attach = Joindre
composer-attach-title = Choisissez les fichiers à joindre
composer-discard = Abandonner
composer-close = Fermer
composer-from = De
composer-to = À
composer-cc = Cc
composer-bcc = Cci
composer-show-bcc = Ajouter Cci
composer-subject = Objet
composer-subject-placeholder = De quoi s’agit-il ?
composer-address-placeholder = Noms ou adresses, séparés par des virgules
composer-body-placeholder = Écrivez votre message ici.
composer-attachments = Pièces jointes
composer-remove-attachment = Retirer
composer-forwarded-message = Message transféré
composer-draft-saved = Brouillon enregistré
composer-preparing = Préparation…
composer-queued = Dans la boîte d’envoi, sur le point de partir
composer-sending = Envoi en cours…
composer-sent = Message envoyé
composer-retrying = Pas encore envoyé : nouvel essai dans { $seconds } s
composer-failed = Non envoyé
composer-not-queued = Le message n’a pas pu être placé dans la boîte d’envoi, il n’est donc pas parti : { $reason } Il reste ici avec son brouillon ; appuyez sur « Envoyer » pour réessayer.
composer-retry = Réessayer
composer-edit-again = Modifier le message
composer-no-recipient = Ajoutez au moins un destinataire.
composer-bad-address = « { $address } » n’est pas une adresse valide.
composer-build-failed = Le message n’a pas pu être préparé : { $reason }
composer-attribution = Le { $date }, { $name } a écrit :
composer-forward-block =
    -------- Message transféré --------
    De : { $from }
    Date : { $date }
    Objet : { $subject }
    À : { $to }
# A file name (no spaces needed) for an attachment sent without one.
composer-unnamed-file = pièce-jointe
composer-source-missing = Ce message n’est plus disponible ici.
composer-attachment-too-big = { $file } est trop volumineux pour être envoyé par e-mail ({ $size }).
composer-attach-failed = { $file } n’a pas pu être lu : { $reason }
composer-link-not-mailto = Ce lien n’est pas une adresse e-mail : le message commence vide.
composer-link-unreadable = Certains caractères du lien n’ont pas pu être lus ; vérifiez le message avant de l’envoyer.
composer-link-body-cut = Le texte du lien était très long et a été raccourci.
composer-link-too-many = { $count ->
    [one] Un destinataire de plus dans le lien a été laissé de côté.
   *[other] { $count } destinataires de plus dans le lien ont été laissés de côté.
}
composer-link-ignored = { $count ->
    [one] Le lien voulait aussi remplir le champ { $fields }, qu’un lien n’a pas le droit de remplir : il a été ignoré.
   *[other] Le lien voulait aussi remplir les champs { $fields }, qu’un lien n’a pas le droit de remplir : ils ont été ignorés.
}

## Outbox
outbox-empty = Rien n’attend d’être envoyé.
outbox-to = À : { $recipients }
outbox-from = Depuis le compte { $account }
outbox-state-queued = En attente d’envoi
outbox-state-retrying = { $attempts ->
    [one] Pas encore envoyé après un essai ; Facteur réessaiera automatiquement
   *[other] Pas encore envoyé après { $attempts } essais ; Facteur réessaiera automatiquement
}
outbox-state-sending = En cours d’envoi
outbox-state-sent = Envoyé
outbox-state-failed = Refusé : en attente de votre décision
outbox-server-said = Le serveur a répondu : { $text }
outbox-unconfirmed = La connexion a été coupée pendant l’envoi de ce message. Il est peut-être parti : vérifiez la réponse du destinataire ou votre dossier Envoyés avant de le renvoyer.
outbox-send-now = Envoyer maintenant
outbox-edit = Modifier
outbox-remove = Retirer de la boîte d’envoi

## Notifications
notify-new-mail = { $count ->
    [one] Un nouveau message
   *[other] { $count } nouveaux messages
}
notify-new-mail-from = { $count ->
    [one] Un nouveau message de { $senders }
   *[other] { $count } nouveaux messages de { $senders }
}
notify-and-more = { $count ->
    [one] et un autre
   *[other] et { $count } autres
}
notify-open = Ouvrir

## Settings: look and accounts
prefs-theme = Apparence
prefs-theme-system = Comme le système
prefs-theme-light = Claire
prefs-theme-dark = Sombre
prefs-offer-remote-images = Proposer d’afficher les images d’Internet d’un message
prefs-picture-senders = { $count ->
    [one] Les images d’un expéditeur sont toujours affichées.
   *[other] Les images de { $count } expéditeurs sont toujours affichées.
}
prefs-picture-senders-forget = Demander de nouveau
prefs-remote-content = Les images et autres contenus d’Internet ne sont pas chargés à l’ouverture d’un message : l’expéditeur ne peut pas savoir quand vous le lisez. Charger les images d’un message lui indique que vous l’avez lu.
prefs-imap-push = IMAP sur { $host } : le courrier arrive dès que le serveur le reçoit.
prefs-pop3-server = POP3 sur { $host }
prefs-check-interval = Relever le courrier
prefs-every-minutes = { $minutes ->
    [one] chaque minute
   *[other] toutes les { $minutes } minutes
}
prefs-pop3-retention = Après avoir téléchargé un message
prefs-pop3-leave = Le laisser sur le serveur (pour le lire ailleurs aussi)
prefs-pop3-delete = Le supprimer du serveur
prefs-pop3-delete-after = Puis le supprimer du serveur
prefs-pop3-keep-forever = jamais
prefs-pop3-days = { $days ->
    [one] après un jour
   *[other] après { $days } jours
}
prefs-edit-servers = Modifier les serveurs…
prefs-remove-account = Supprimer ce compte…
prefs-remove-confirm = Oui, le supprimer
prefs-remove-cancel = Le garder
prefs-remove-warning = Supprimer { $account } efface son mot de passe et le courrier que Facteur garde pour lui sur cet ordinateur. Le courrier resté sur le serveur y reste ; le courrier téléchargé par POP3 et effacé du serveur est perdu.

## Remote images
mailbox-images-show = Afficher les images
mailbox-images-loading = Chargement…
mailbox-images-shown = { $count ->
    [0] Aucune image n’a pu être chargée.
    [one] Une image d’Internet, chargée à votre demande :
   *[other] { $count } images d’Internet, chargées à votre demande :
}
about-title = À propos de Facteur
about-version = Facteur { $version }
about-licence = Facteur est un logiciel libre, sous licence publique générale GNU, version 3 ou ultérieure.
about-providers = Les réglages des fournisseurs connus viennent de la base de fournisseurs de Thunderbird et de celle de Delta Chat (toutes deux sous licence publique Mozilla 2.0), complétées par Facteur. Ils font partie de Facteur : les retrouver ne demande aucun réseau.

## Reader: HTML mail
reader-laying-out = Mise en page du message…
reader-show-plain-text = Texte brut
reader-show-original-layout = Mise en page d’origine
reader-html-too-complex = La mise en page de ce message est trop grande ou trop imbriquée pour être dessinée ; il est affiché en texte.
reader-html-too-slow = La mise en page de ce message a pris trop de temps ; il est affiché en texte.
reader-html-failed = La mise en page de ce message n’a pas pu être dessinée ; il est affiché en texte.
reader-html-clipped = Ce message est long : seul son début est mis en page.
reader-html-show-all = Tout afficher
reader-trackers-blocked = { $count ->
    [one] Un traqueur bloqué
   *[other] { $count } traqueurs bloqués
}
reader-images-always = Toujours pour cet expéditeur
reader-link-goes-to = Ce lien mène à :
reader-link-disguised = Attention : le lien affiche « { $shown } » mais mène à { $real }.
reader-link-open = Ouvrir dans le navigateur
reader-link-cancel = Annuler
