## The application
app-name = Facteur
app-tagline = Votre courrier, tout simplement.

## First window (until the setup wizard arrives)
welcome-title = Bienvenue dans Facteur
welcome-body = Facteur se prépare. Pour l’instant, ajoutez un compte depuis la ligne de commande : facteur account add --email vous@exemple.fr
welcome-accounts = { $count ->
    [0] Aucun compte n’est encore configuré.
    [one] Un compte est configuré.
   *[other] { $count } comptes sont configurés.
}

## Command line
cli-account-added = Le compte { $email } a été ajouté.
cli-account-removed = Le compte { $email } a été supprimé, avec son mot de passe et son courrier local.
cli-account-unknown = Il n’existe aucun compte { $email }.
cli-account-exists = Un compte { $email } existe déjà. Supprimez-le d’abord pour le configurer à nouveau.
cli-no-accounts = Aucun compte n’est encore configuré. Ajoutez-en un avec : facteur account add --email vous@exemple.fr
cli-password-empty = Le mot de passe reçu sur l’entrée standard est vide.
cli-server-missing = Indiquez où se trouve le serveur { $role } : { $flags }.
cli-role-incoming = de réception
cli-role-outgoing = d’envoi
cli-plaintext-warning = Attention : le serveur { $role } est configuré sans chiffrement. Votre mot de passe et vos messages circuleront sur le réseau lisibles par quiconque se trouve sur le chemin.

## Errors
error-secret-unavailable = Aucun trousseau de mots de passe n’est disponible, et Facteur ne conserve les mots de passe que là. Installez-en un et lancez-le, par exemple gnome-keyring (apt install gnome-keyring) ou KeePassXC avec son intégration Secret Service. Détails : { $detail }
error-secret-locked = Le trousseau de mots de passe est verrouillé ou a refusé l’accès. Déverrouillez-le puis réessayez. Détails : { $detail }
error-secret-failed = Le trousseau de mots de passe a signalé un problème : { $detail }
error-config-syntax = Le fichier de réglages { $path } contient une erreur ligne { $line }, colonne { $column } : { $message }
error-config-too-new = Le fichier de réglages { $path } a été écrit par une version plus récente de Facteur. Mettez Facteur à jour pour l’utiliser.
error-config-invalid = Le fichier de réglages { $path } n’est pas valide : { $message }
error-config-read = Impossible de lire le fichier de réglages { $path } : { $message }
error-config-write = Les réglages n’ont pas pu être enregistrés dans { $path } : { $message }. Les réglages précédents sont intacts.
error-store = Le cache local du courrier rencontre un problème : { $message }
error-generic = Une erreur s’est produite : { $message }
