<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ClipTable</name>
    <message>
        <source>Clip</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Avancement</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
</context>
<context>
    <name>CutSketch</name>
    <message>
        <source>best of several takes</source>
        <extracomment>category -&gt; colour</extracomment>
        <translation>meilleure de plusieurs prises</translation>
    </message>
    <message>
        <source>only take of its line</source>
        <translation>seule prise de sa réplique</translation>
    </message>
    <message>
        <source>your choice of take</source>
        <translation>votre choix de prise</translation>
    </message>
    <message>
        <source>b-roll (no speech)</source>
        <translation>plans de coupe (sans parole)</translation>
    </message>
    <message>
        <source>runner-up take</source>
        <translation>prise de deuxième choix</translation>
    </message>
    <message>
        <source>No proposal yet: click Suggest rough cut</source>
        <translation>Pas encore de proposition&#xa0;: cliquez sur Proposer un ours</translation>
    </message>
</context>
<context>
    <name>PanelWindow</name>
    <message>
        <source>OpenTimelineIO, for Resolve (*.otio)</source>
        <translation>OpenTimelineIO, pour Resolve (*.otio)</translation>
    </message>
    <message>
        <source>FCPXML 1.10, for Resolve and Final Cut Pro (*.fcpxml)</source>
        <translation>FCPXML 1.10, pour Resolve et Final Cut Pro (*.fcpxml)</translation>
    </message>
    <message>
        <source>AAF, for Avid Media Composer and Pro Tools (*.aaf)</source>
        <translation>AAF, pour Avid Media Composer et Pro Tools (*.aaf)</translation>
    </message>
    <message>
        <source>CMX3600 EDL, with a marker EDL beside it (*.edl)</source>
        <translation>EDL CMX3600, avec une EDL de marqueurs à côté (*.edl)</translation>
    </message>
    <message>
        <source>SRT subtitles of the cut (*.srt)</source>
        <translation>Sous-titres SRT du montage (*.srt)</translation>
    </message>
    <message>
        <source>Media pool selection</source>
        <translation>Sélection du pool de médias</translation>
    </message>
    <message>
        <source>Current bin</source>
        <translation>Chutier courant</translation>
    </message>
    <message>
        <source>A folder and its subfolders</source>
        <translation>Un dossier et ses sous-dossiers</translation>
    </message>
    <message>
        <source>All clips in the project</source>
        <translation>Tous les plans du projet</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1&#xa0;:</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>connexion…</translation>
    </message>
    <message>
        <source>Fix:</source>
        <translation>À faire&#xa0;:</translation>
    </message>
    <message>
        <source>Tag and cut</source>
        <extracomment>emitted on the UI thread when a piece of work has ended (tests and --screenshot wait on it)</extracomment>
        <translation>Étiqueter et monter</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Recherche</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Connexions</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>Resolve</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>built-in server (this machine)</source>
        <translation>serveur intégré (cette machine)</translation>
    </message>
    <message>
        <source>HOST:PORT of a derush server on the LAN; empty runs one on this machine</source>
        <translation>HÔTE:PORT d’un serveur derush du réseau local&#xa0;; vide, un serveur tourne sur cette machine</translation>
    </message>
    <message>
        <source>token (LAN servers)</source>
        <translation>jeton (serveurs du réseau)</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Reconnecter</translation>
    </message>
    <message>
        <source>Clips</source>
        <translation>Plans</translation>
    </message>
    <message>
        <source>The media-pool folder whose clips (and subfolders&apos; clips) derush works on</source>
        <translation>Le dossier du pool de médias dont derush traite les plans (et ceux des sous-dossiers)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Analyse again</source>
        <translation>Réanalyser</translation>
    </message>
    <message>
        <source>Ignore results the server has stored for these clips (after a model update)</source>
        <translation>Ignorer les résultats que le serveur a gardés pour ces plans (après une mise à jour des modèles)</translation>
    </message>
    <message>
        <source>Auto-tag</source>
        <translation>Étiqueter</translation>
    </message>
    <message>
        <source>Analyse the clips and write tags and markers to the media pool</source>
        <translation>Analyser les plans et écrire étiquettes et marqueurs dans le pool de médias</translation>
    </message>
    <message>
        <source>Suggest rough cut</source>
        <translation>Proposer un ours</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <source>Build the proposal as a new timeline (your timelines are never changed)</source>
        <translation>Monter la proposition dans une nouvelle timeline (vos timelines ne sont jamais modifiées)</translation>
    </message>
    <message>
        <source>Undo derush</source>
        <translation>Annuler derush</translation>
    </message>
    <message>
        <source>Remove every tag, marker and timeline derush wrote; your own edits stay</source>
        <translation>Retirer étiquettes, marqueurs et timelines écrits par derush&#xa0;; vos propres modifications restent</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Rough cut options</source>
        <translation>Options de l’ours</translation>
    </message>
    <message>
        <source> s</source>
        <translation>&#xa0;s</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>sans cible</translation>
    </message>
    <message>
        <source>none: order by scene/take, then timecode</source>
        <translation>aucun&#xa0;: ordre séquence/prise, puis timecode</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>names and terms to expect, e.g. Quorvex, Maelis Tardieu</source>
        <translation>noms et termes attendus, p. ex. Quorvex, Maelis Tardieu</translation>
    </message>
    <message>
        <source>The speech model listens again for these words, and the script&apos;s names, where it may have misheard them. Separate them with commas.</source>
        <translation>Le modèle de parole réécoute ces mots, et les noms du script, là où il a pu les entendre de travers. Séparez-les par des virgules.</translation>
    </message>
    <message>
        <source>Prefer the takes of a character (their best delivery plays the scene), a speaker or a shot type</source>
        <translation>Préférer les prises d’un personnage (la scène se joue sur sa meilleure interprétation), d’un intervenant ou d’une valeur de plan</translation>
    </message>
    <message>
        <source>A reframed cut on the people in shot, for social media</source>
        <translation>Un montage recadré sur les personnes à l’image, pour les réseaux sociaux</translation>
    </message>
    <message>
        <source>Cut out fillers and hesitations</source>
        <translation>Couper « euh » et hésitations</translation>
    </message>
    <message>
        <source>Where Apply puts each event&apos;s runner-up takes. In the take selector you flip between them in place.</source>
        <translation>Où Appliquer met les prises de deuxième choix de chaque événement. Dans le sélecteur de prises, vous passez de l’une à l’autre sur place.</translation>
    </message>
    <message>
        <source>Target duration</source>
        <translation>Durée visée</translation>
    </message>
    <message>
        <source>Pace</source>
        <translation>Rythme</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Scénario</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Vocabulaire</translation>
    </message>
    <message>
        <source>Favour</source>
        <translation>Privilégier</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Keep to the script</source>
        <translation>Fidélité au script</translation>
    </message>
    <message>
        <source>Runner-up takes</source>
        <translation>Prises de deuxième choix</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Proposition</translation>
    </message>
    <message>
        <source>No proposal yet.</source>
        <translation>Pas encore de proposition.</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Write the proposal as a file for another application or suite: OTIO, FCPXML, AAF (Avid, Pro Tools), EDL or SRT subtitles</source>
        <translation>Écrire la proposition dans un fichier pour une autre application ou un autre poste&#xa0;: OTIO, FCPXML, AAF (Avid, Pro Tools), EDL ou sous-titres SRT</translation>
    </message>
    <message>
        <source>Could not save the panel&apos;s settings (%1); they apply until you close it.</source>
        <translation>Impossible d’enregistrer les réglages du panneau (%1)&#xa0;; ils valent jusqu’à sa fermeture.</translation>
    </message>
    <message>
        <source>Scripts (*.txt *.fountain *.md);;All files (*)</source>
        <translation>Scénarios (*.txt *.fountain *.md);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Fix the connection above, then click Reconnect.</source>
        <translation>Réparez la connexion ci-dessus, puis cliquez sur Reconnecter.</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Prêt.</translation>
    </message>
    <message>
        <source>Reading clips</source>
        <translation>Lecture des plans</translation>
    </message>
    <message>
        <source>Learn from this timeline</source>
        <translation>Apprendre de cette timeline</translation>
    </message>
    <message>
        <source>Export the proposal</source>
        <translation>Exporter la proposition</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportation</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Arrêt en cours…</translation>
    </message>
    <message>
        <source>nothing new to write</source>
        <translation>rien de nouveau à écrire</translation>
    </message>
    <message>
        <source>Resolve did not keep:</source>
        <translation>Resolve n’a pas gardé&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <source>Tagged %1 of %n clip(s).</source>
        <translation>
            <numerusform>%1 plan sur %Ln étiqueté.</numerusform>
            <numerusform>%1 plans sur %Ln étiquetés.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed: see each one&apos;s reason.</source>
        <translation>
            <numerusform>%Ln en échec&#xa0;: voyez sa raison.</numerusform>
            <numerusform>%Ln en échec&#xa0;: voyez la raison de chacun.</numerusform>
        </translation>
    </message>
    <message>
        <source>Proposal ready: look it over, then click Apply to build it as a new timeline.</source>
        <translation>Proposition prête&#xa0;: relisez-la, puis cliquez sur Appliquer pour la monter dans une nouvelle timeline.</translation>
    </message>
    <message>
        <source>the job ended before this clip</source>
        <translation>la tâche s’est arrêtée avant ce plan</translation>
    </message>
    <message>
        <source>Created timeline “%1”:</source>
        <translation>Timeline «&#xa0;%1&#xa0;» créée&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) on V1,</source>
        <translation>
            <numerusform>%Ln événement sur V1,</numerusform>
            <numerusform>%Ln événements sur V1,</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n runner-up take(s) in the take selectors.</source>
        <translation>
            <numerusform>%Ln prise de deuxième choix dans les sélecteurs de prises.</numerusform>
            <numerusform>%Ln prises de deuxième choix dans les sélecteurs de prises.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n runner-up take(s) on V2 (disabled).</source>
        <translation>
            <numerusform>%Ln prise de deuxième choix sur V2 (désactivée).</numerusform>
            <numerusform>%Ln prises de deuxième choix sur V2 (désactivée).</numerusform>
        </translation>
    </message>
    <message>
        <source>runner-up takes left out.</source>
        <translation>prises de deuxième choix laissées de côté.</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Remarques&#xa0;:</translation>
    </message>
    <message>
        <source>Learned from timeline “%1” for project “%2”.</source>
        <translation>Appris de la timeline «&#xa0;%1&#xa0;» pour le projet «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>Exported: %1</source>
        <translation>Exporté&#xa0;: %1</translation>
    </message>
    <message>
        <source>Undo derush:</source>
        <translation>Annulation derush&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <source>%n marker(s) removed</source>
        <translation>
            <numerusform>%Ln marqueur retiré</numerusform>
            <numerusform>%Ln marqueurs retirés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>from %n clip(s),</source>
        <translation>
            <numerusform>de %Ln plan,</numerusform>
            <numerusform>de %Ln plans,</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n timeline(s) removed.</source>
        <translation>
            <numerusform>%Ln timeline retirée.</numerusform>
            <numerusform>%Ln timelines retirées.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n runner-up take(s) removed from the take selectors.</source>
        <translation>
            <numerusform>%Ln prise de deuxième choix retirée des sélecteurs de prises.</numerusform>
            <numerusform>%Ln prises de deuxième choix retirées des sélecteurs de prises.</numerusform>
        </translation>
    </message>
    <message>
        <source>Kept, because you changed them since:</source>
        <translation>Gardés, parce que vous les avez modifiés depuis&#xa0;:</translation>
    </message>
    <message>
        <source>Could not remove:</source>
        <translation>Impossible de retirer&#xa0;:</translation>
    </message>
    <message>
        <source>No clips here: select clips in Resolve&apos;s media pool, or choose Current bin or All clips above, then click Refresh.</source>
        <translation>Aucun plan ici&#xa0;: sélectionnez des plans dans le pool de médias de Resolve, ou choisissez Chutier courant ou Tous les plans ci-dessus, puis cliquez sur Actualiser.</translation>
    </message>
    <message>
        <source>no clips read</source>
        <translation>aucun plan lu</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>of %1 target</source>
        <translation>sur %1 visées</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%Ln événement</numerusform>
            <numerusform>%Ln événements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n runner-up take(s)</source>
        <translation>
            <numerusform>%Ln prise de deuxième choix</numerusform>
            <numerusform>%Ln prises de deuxième choix</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n script line(s) with no usable take:</source>
        <translation>
            <numerusform>%Ln réplique du scénario sans prise utilisable&#xa0;:</numerusform>
            <numerusform>%Ln répliques du scénario sans prise utilisable&#xa0;:</numerusform>
        </translation>
    </message>
    <message>
        <source>Every script line is covered.</source>
        <translation>Toutes les répliques du scénario sont couvertes.</translation>
    </message>
    <message>
        <source>Your choices: %1; Apply builds %2.</source>
        <translation>Vos choix&#xa0;: %1&#xa0;; Appliquer monte %2.</translation>
    </message>
    <message>
        <source>%1 is still running: wait, or click Cancel.</source>
        <translation>«&#xa0;%1&#xa0;» est en cours&#xa0;: attendez, ou cliquez sur Arrêter.</translation>
    </message>
    <message>
        <source>Resolve stopped answering</source>
        <translation>Resolve ne répond plus</translation>
    </message>
    <message>
        <source>Open Resolve and the project again, then click Reconnect.</source>
        <translation>Rouvrez Resolve et le projet, puis cliquez sur Reconnecter.</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>the work was stopped</source>
        <translation>le travail a été arrêté</translation>
    </message>
</context>
<context>
    <name>ProposalReview</name>
    <message>
        <source>%1%</source>
        <translation>%1&#x202f;%</translation>
    </message>
    <message>
        <source>Use runner-up</source>
        <translation>Prendre le deuxième choix</translation>
    </message>
    <message>
        <source>Play the selected lines with their runner-up take instead: Apply builds it so, and the project learns from your choice</source>
        <translation>Jouer les répliques sélectionnées avec leur prise de deuxième choix&#xa0;: Appliquer les monte ainsi, et le projet apprend de votre choix</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Leave the selected lines out of the cut</source>
        <translation>Laisser les répliques sélectionnées hors du montage</translation>
    </message>
    <message>
        <source>As proposed</source>
        <translation>Comme proposé</translation>
    </message>
    <message>
        <source>Undo your choice on the selected lines</source>
        <translation>Annuler votre choix sur les répliques sélectionnées</translation>
    </message>
    <message>
        <source>No comparison with your cut yet.</source>
        <translation>Pas encore de comparaison avec votre montage.</translation>
    </message>
    <message>
        <source>Learn from this timeline</source>
        <translation>Apprendre de cette timeline</translation>
    </message>
    <message>
        <source>After reworking derush&apos;s timeline in Resolve: compare it with what Apply built, and teach this Resolve project which takes you prefer</source>
        <translation>Après avoir retravaillé la timeline de derush dans Resolve&#xa0;: la comparer avec ce qu’Appliquer a monté, et apprendre à ce projet Resolve quelles prises vous préférez</translation>
    </message>
    <message>
        <source>runner-up %1 [%2–%3): %4</source>
        <extracomment>the last row: &quot;Learn from this timeline&quot;, then the window&apos;s own actions on the proposal (Export…)</extracomment>
        <translation>deuxième choix %1 [%2–%3)&#xa0;: %4</translation>
    </message>
    <message>
        <source>dropped: %1</source>
        <translation>retiré&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) swapped for their runner-up</source>
        <translation>
            <numerusform>%Ln réplique remplacée par son deuxième choix</numerusform>
            <numerusform>%Ln répliques remplacées par leur deuxième choix</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dropped</source>
        <translation>
            <numerusform>%Ln retirée</numerusform>
            <numerusform>%Ln retirées</numerusform>
        </translation>
    </message>
    <message>
        <source>your choices before Apply</source>
        <translation>vos choix avant Appliquer</translation>
    </message>
    <message>
        <source>timeline “%1”</source>
        <translation>la timeline «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Last comparison, with %1:</source>
        <translation>Dernière comparaison, avec %1&#xa0;:</translation>
    </message>
    <message>
        <source>take agreement %1</source>
        <translation>accord sur les prises %1</translation>
    </message>
    <message numerus="yes">
        <source>%n kept</source>
        <translation>
            <numerusform>%Ln gardé</numerusform>
            <numerusform>%Ln gardés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n swapped</source>
        <translation>
            <numerusform>%Ln remplacé</numerusform>
            <numerusform>%Ln remplacés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n removed</source>
        <translation>
            <numerusform>%Ln retiré</numerusform>
            <numerusform>%Ln retirés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>%Ln ajouté</numerusform>
            <numerusform>%Ln ajoutés</numerusform>
        </translation>
    </message>
    <message>
        <source>the default weights still</source>
        <translation>encore les poids par défaut</translation>
    </message>
    <message numerus="yes">
        <source>Project “%1” (%n line(s) learned): %2</source>
        <translation>
            <numerusform>Projet «&#xa0;%1&#xa0;» (%Ln réplique apprise)&#xa0;: %2</numerusform>
            <numerusform>Projet «&#xa0;%1&#xa0;» (%Ln répliques apprises)&#xa0;: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>: </source>
        <translation>&#xa0;: </translation>
    </message>
    <message>
        <source>; </source>
        <translation>&#xa0;; </translation>
    </message>
    <message>
        <source>. </source>
        <translation>. </translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>ligne %1</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>take %1 of %2 (%3)</source>
        <translation>prise %1 sur %2 (%3)</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>complète</translation>
    </message>
    <message>
        <source>%1% of the line</source>
        <translation>%1&#xa0;% de la ligne</translation>
    </message>
    <message>
        <source>no restart</source>
        <translation>aucune reprise</translation>
    </message>
    <message numerus="yes">
        <source>%n restart(s)</source>
        <translation>
            <numerusform>%Ln reprise</numerusform>
            <numerusform>%Ln reprises</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n filler word(s)</source>
        <translation>
            <numerusform>%Ln mot parasite</numerusform>
            <numerusform>%Ln mots parasites</numerusform>
        </translation>
    </message>
    <message>
        <source>no dead air</source>
        <translation>aucun blanc</translation>
    </message>
    <message>
        <source>%1 s of dead air</source>
        <translation>%1&#xa0;s de blanc</translation>
    </message>
    <message>
        <source>confidence %1</source>
        <translation>confiance %1</translation>
    </message>
    <message>
        <source>face on screen</source>
        <translation>visage à l’écran</translation>
    </message>
    <message>
        <source>favoured</source>
        <translation>privilégiée</translation>
    </message>
    <message>
        <source>Over </source>
        <translation>Plutôt que </translation>
    </message>
    <message>
        <source>keeps an unscripted aside the script does not have</source>
        <translation>garde un aparté absent du script</translation>
    </message>
    <message>
        <source> (continues after cutting out %1)</source>
        <translation> (suite, après avoir coupé %1)</translation>
    </message>
    <message>
        <source>alternate for line %1</source>
        <translation>autre prise pour la ligne %1</translation>
    </message>
    <message>
        <source>unscripted, between lines %1 and %2 of the same take: “%3”</source>
        <translation>hors script, entre les lignes %1 et %2 de la même prise&#xa0;: «&#xa0;%3&#xa0;»</translation>
    </message>
    <message>
        <source>b-roll: shot %1 of %2, no speech</source>
        <translation>plans de coupe&#xa0;: plan %1 de %2, sans parole</translation>
    </message>
    <message>
        <source>audio clipping</source>
        <translation>son saturé</translation>
    </message>
    <message>
        <source>too quiet</source>
        <translation>son trop faible</translation>
    </message>
    <message>
        <source>too loud</source>
        <translation>son trop fort</translation>
    </message>
    <message>
        <source>underexposed</source>
        <translation>sous-exposé</translation>
    </message>
    <message>
        <source>overexposed</source>
        <translation>surexposé</translation>
    </message>
    <message>
        <source>soft focus</source>
        <translation>mise au point floue</translation>
    </message>
    <message>
        <source>shaky camera</source>
        <translation>image bougée</translation>
    </message>
    <message>
        <source>a %1 s hesitation</source>
        <translation>une hésitation de %1&#xa0;s</translation>
    </message>
    <message>
        <source>an unscripted aside “%1”</source>
        <translation>un aparté hors script «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>«&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source> and </source>
        <translation> et </translation>
    </message>
</context>
<context>
    <name>SearchTab</name>
    <message>
        <source>Words, &quot;a phrase&quot;, light*  — e.g. &quot;twice a day&quot;</source>
        <extracomment>emitted when a search, a selects timeline or a marking has ended (tests and screenshots wait on it)</extracomment>
        <translation>Mots, «&#xa0;une expression&#xa0;», phar*  — ex. «&#xa0;deux fois par jour&#xa0;»</translation>
    </message>
    <message>
        <source>Clip</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Timecode</source>
        <translation>Timecode</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Locuteur</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>Paroles</translation>
    </message>
    <message>
        <source>Make selects timeline</source>
        <translation>Timeline de sélection</translation>
    </message>
    <message>
        <source>Mark in media pool</source>
        <translation>Marquer dans le pool</translation>
    </message>
    <message>
        <source>Type to search every transcript, tag and slate the server has analysed.</source>
        <translation>Tapez pour chercher dans les transcriptions, étiquettes et claps analysés par le serveur.</translation>
    </message>
    <message numerus="yes">
        <source>%n hit(s) marked on their clips (Undo derush removes them).</source>
        <translation>
            <numerusform>%Ln résultat marqué sur son plan (Annuler derush le retire).</numerusform>
            <numerusform>%Ln résultats marqués sur leurs plans (Annuler derush les retire).</numerusform>
        </translation>
    </message>
    <message>
        <source>  [missing: not on disk any more]</source>
        <translation>  [absent&#xa0;: plus sur le disque]</translation>
    </message>
    <message numerus="yes">
        <source>%n hit(s) for “%1” in %2 analysed clip(s).</source>
        <translation>
            <numerusform>%Ln résultat pour «&#xa0;%1&#xa0;» dans %2 plan(s) analysé(s).</numerusform>
            <numerusform>%Ln résultats pour «&#xa0;%1&#xa0;» dans %2 plan(s) analysé(s).</numerusform>
        </translation>
    </message>
    <message>
        <source>read back frame-exact</source>
        <translation>relue à l’image près</translation>
    </message>
    <message>
        <source>New timeline “%1”: %2 hit(s), %3.</source>
        <translation>Nouvelle timeline «&#xa0;%1&#xa0;»&#xa0;: %2 résultat(s), %3.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>not analysed</source>
        <translation>non analysé</translation>
    </message>
    <message>
        <source>tagged before</source>
        <translation>déjà étiqueté</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>analysing</source>
        <translation>en analyse</translation>
    </message>
    <message>
        <source>analysed</source>
        <translation>analysé</translation>
    </message>
    <message>
        <source>tagged</source>
        <translation>étiqueté</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>ignoré</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <source>in the take selector</source>
        <translation>dans le sélecteur de prises</translation>
    </message>
    <message>
        <source>on a disabled track (V2)</source>
        <translation>sur une piste désactivée (V2)</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>laissées de côté</translation>
    </message>
    <message>
        <source>file not found: check that its drive is mounted, or relink the clip</source>
        <translation>fichier introuvable&#xa0;: vérifiez que son disque est monté, ou reliez le plan</translation>
    </message>
    <message>
        <source>empty file (0 bytes): copy it again from the card</source>
        <translation>fichier vide (0 octet)&#xa0;: copiez-le à nouveau depuis la carte</translation>
    </message>
    <message>
        <source>not a media file: leave it out of the selection</source>
        <translation>ce n’est pas un fichier média&#xa0;: retirez-le de la sélection</translation>
    </message>
    <message>
        <source>file cut short (copy interrupted?): copy it again from the card</source>
        <translation>fichier tronqué (copie interrompue&#xa0;?)&#xa0;: copiez-le à nouveau depuis la carte</translation>
    </message>
    <message>
        <source>no picture or sound in the file: the recording stopped at once</source>
        <translation>ni image ni son dans le fichier&#xa0;: l’enregistrement s’est arrêté aussitôt</translation>
    </message>
    <message>
        <source>codec not supported: transcode it (e.g. to ProRes) and relink</source>
        <translation>codec non pris en charge&#xa0;: transcodez-le (en ProRes par exemple) et reliez le plan</translation>
    </message>
    <message>
        <source>the file cannot be decoded: check it plays, or copy it again</source>
        <translation>le fichier ne se décode pas&#xa0;: vérifiez qu’il se lit, ou copiez-le à nouveau</translation>
    </message>
    <message>
        <source>not analysed yet: tag the clip first</source>
        <translation>pas encore analysé&#xa0;: étiquetez d’abord le plan</translation>
    </message>
    <message>
        <source>request refused: see the details</source>
        <translation>demande refusée&#xa0;: voir le détail</translation>
    </message>
    <message>
        <source>the upload arrived damaged: run it again</source>
        <translation>l’envoi est arrivé abîmé&#xa0;: relancez-le</translation>
    </message>
    <message>
        <source>a model is missing on the server: see derush doctor there</source>
        <translation>un modèle manque sur le serveur&#xa0;: voyez derush doctor sur le serveur</translation>
    </message>
    <message>
        <source>character %1</source>
        <translation>personnage %1</translation>
    </message>
    <message>
        <source>speaker %1</source>
        <translation>intervenant %1</translation>
    </message>
    <message>
        <source>shot type %1</source>
        <translation>valeur de plan %1</translation>
    </message>
    <message>
        <source>nothing in particular</source>
        <translation>rien en particulier</translation>
    </message>
    <message>
        <source>as the rushes</source>
        <translation>comme les rushes</translation>
    </message>
    <message>
        <source>9:16 vertical (social)</source>
        <translation>9:16 vertical (réseaux sociaux)</translation>
    </message>
    <message>
        <source>4:5 portrait</source>
        <translation>4:5 format portrait</translation>
    </message>
    <message>
        <source>1:1 square</source>
        <translation>1:1 carré</translation>
    </message>
    <message>
        <source>loose: asides and ad-libs kept</source>
        <translation>souple&#xa0;: apartés et improvisations gardés</translation>
    </message>
    <message>
        <source>strict: only the script&apos;s lines</source>
        <translation>strict&#xa0;: seulement les répliques du script</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>serré</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>loose</source>
        <translation>ample</translation>
    </message>
    <message numerus="yes">
        <source>%n selected clip(s)</source>
        <translation>
            <numerusform>%Ln plan sélectionné</numerusform>
            <numerusform>%Ln plans sélectionnés</numerusform>
        </translation>
    </message>
    <message>
        <source>folder %1 and its subfolders</source>
        <translation>dossier %1 et ses sous-dossiers</translation>
    </message>
    <message>
        <source>bin %1</source>
        <translation>chutier %1</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) ahead</source>
        <translation>
            <numerusform>%Ln tâche avant</numerusform>
            <numerusform>%Ln tâches avant</numerusform>
        </translation>
    </message>
    <message>
        <source>starting</source>
        <translation>démarrage</translation>
    </message>
    <message>
        <source>from the result store</source>
        <translation>depuis les résultats gardés</translation>
    </message>
    <message>
        <source>nothing new to write</source>
        <translation>rien de nouveau à écrire</translation>
    </message>
    <message>
        <source>prefers the voice that says line %1 in %2 (%3)</source>
        <translation>préfère la voix qui dit la réplique %1 dans %2 (%3)</translation>
    </message>
    <message>
        <source>avoids the voice that says line %1 in %2 (%3)</source>
        <translation>évite la voix qui dit la réplique %1 dans %2 (%3)</translation>
    </message>
    <message>
        <source>prefers complete takes even more</source>
        <translation>préfère encore plus les prises complètes</translation>
    </message>
    <message>
        <source>minds incomplete takes less</source>
        <translation>tolère mieux les prises incomplètes</translation>
    </message>
    <message>
        <source>minds restarts less</source>
        <translation>tolère mieux les reprises</translation>
    </message>
    <message>
        <source>minds restarts more</source>
        <translation>tolère moins les reprises</translation>
    </message>
    <message>
        <source>minds filler words less</source>
        <translation>tolère mieux les mots de remplissage</translation>
    </message>
    <message>
        <source>minds filler words more</source>
        <translation>tolère moins les mots de remplissage</translation>
    </message>
    <message>
        <source>prefers clearer diction</source>
        <translation>préfère une diction plus claire</translation>
    </message>
    <message>
        <source>minds unclear diction less</source>
        <translation>tolère mieux une diction peu claire</translation>
    </message>
    <message>
        <source>minds dead air less</source>
        <translation>tolère mieux les blancs</translation>
    </message>
    <message>
        <source>minds dead air more</source>
        <translation>tolère moins les blancs</translation>
    </message>
    <message>
        <source>minds sound problems less</source>
        <translation>tolère mieux les défauts de son</translation>
    </message>
    <message>
        <source>minds sound problems more</source>
        <translation>tolère moins les défauts de son</translation>
    </message>
    <message>
        <source>minds picture problems less</source>
        <translation>tolère mieux les défauts d’image</translation>
    </message>
    <message>
        <source>minds picture problems more</source>
        <translation>tolère moins les défauts d’image</translation>
    </message>
    <message>
        <source>prefers a face on screen</source>
        <translation>préfère un visage à l’écran</translation>
    </message>
    <message>
        <source>minds faces on screen less</source>
        <translation>tient moins aux visages à l’écran</translation>
    </message>
    <message>
        <source>follows the favoured speaker or shot more</source>
        <translation>suit davantage l’intervenant ou le plan favori</translation>
    </message>
    <message>
        <source>follows favoured ones less</source>
        <translation>suit moins les favoris</translation>
    </message>
    <message>
        <source>prefers faster delivery</source>
        <translation>préfère un débit plus rapide</translation>
    </message>
    <message>
        <source>prefers slower delivery</source>
        <translation>préfère un débit plus lent</translation>
    </message>
    <message>
        <source>prefers later takes</source>
        <translation>préfère les dernières prises</translation>
    </message>
    <message>
        <source>prefers earlier takes</source>
        <translation>préfère les premières prises</translation>
    </message>
    <message>
        <source>prefers longer takes</source>
        <translation>préfère les prises plus longues</translation>
    </message>
    <message>
        <source>prefers shorter takes</source>
        <translation>préfère les prises plus courtes</translation>
    </message>
    <message>
        <source>prefers louder takes</source>
        <translation>préfère les prises plus fortes</translation>
    </message>
    <message>
        <source>prefers quieter takes</source>
        <translation>préfère les prises plus douces</translation>
    </message>
    <message>
        <source>built-in server on this machine</source>
        <translation>serveur intégré sur cette machine</translation>
    </message>
    <message>
        <source>server on this machine (%1)</source>
        <translation>serveur sur cette machine (%1)</translation>
    </message>
    <message>
        <source>LAN server %1 (%2)</source>
        <translation>serveur du réseau %1 (%2)</translation>
    </message>
    <message>
        <source>CPU only</source>
        <translation>CPU seulement</translation>
    </message>
    <message>
        <source>%1 models</source>
        <translation>%1 modèles</translation>
    </message>
    <message>
        <source>(%1 loaded)</source>
        <translation>(%1 chargé)</translation>
    </message>
    <message>
        <source>(inside Resolve)</source>
        <translation>(dans Resolve)</translation>
    </message>
    <message>
        <source>(external scripting)</source>
        <translation>(script externe)</translation>
    </message>
    <message>
        <source>(loopback bridge)</source>
        <translation>(pont local)</translation>
    </message>
    <message>
        <source>(emulated Resolve)</source>
        <translation>(Resolve émulé)</translation>
    </message>
    <message>
        <source> · project “%1”</source>
        <translation> · projet «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Not connected to Resolve</source>
        <translation>Pas de connexion à Resolve</translation>
    </message>
    <message>
        <source>Resolve is not running</source>
        <translation>Resolve n’est pas lancé</translation>
    </message>
    <message>
        <source>Start DaVinci Resolve, open the project, then click Reconnect (from Resolve, Workspace ▸ Scripts ▸ Utility ▸ derush opens the panel for it).</source>
        <translation>Lancez DaVinci Resolve, ouvrez le projet, puis cliquez sur Reconnecter (dans Resolve, Espace de travail ▸ Scripts ▸ Utility ▸ derush ouvre le panneau pour lui).</translation>
    </message>
    <message>
        <source>No built-in server on this seat</source>
        <translation>Pas de serveur intégré sur ce poste</translation>
    </message>
    <message>
        <source>No derush server answers at %1</source>
        <translation>Aucun serveur derush ne répond à %1</translation>
    </message>
    <message>
        <source>The derush server at %1 refused the token</source>
        <translation>Le serveur derush à %1 a refusé le jeton</translation>
    </message>
    <message>
        <source>The derush server at %1 did not answer</source>
        <translation>Le serveur derush à %1 n’a pas répondu</translation>
    </message>
    <message>
        <source>Start it with `derush serve --listen HOST:PORT` on that machine, check the server address in the panel, or clear it to use the built-in server on this machine; then click Reconnect.</source>
        <translation>Lancez-le avec `derush serve --listen HÔTE:PORT` sur cette machine, vérifiez l’adresse du serveur dans le panneau, ou videz-la pour utiliser le serveur intégré de cette machine&#xa0;; puis cliquez sur Reconnecter.</translation>
    </message>
    <message>
        <source>Enter it in the token box beside the server address, then click Reconnect.</source>
        <translation>Saisissez-le dans la case du jeton, à côté de l’adresse du serveur, puis cliquez sur Reconnecter.</translation>
    </message>
    <message>
        <source>No clip could be analysed, so there is nothing to cut: see each clip&apos;s reason.</source>
        <translation>Aucun plan n’a pu être analysé, il n’y a donc rien à monter&#xa0;: voyez la raison de chaque plan.</translation>
    </message>
    <message>
        <source>There is no proposal to apply: click Suggest rough cut first.</source>
        <translation>Il n’y a pas de proposition à appliquer&#xa0;: cliquez d’abord sur Proposer un ours.</translation>
    </message>
    <message>
        <source>Not connected to a derush server: see the server line at the top for the fix.</source>
        <translation>Pas de connexion à un serveur derush&#xa0;: la ligne Serveur, en haut, dit quoi faire.</translation>
    </message>
    <message>
        <source>Not connected to Resolve: see the Resolve line at the top for the fix.</source>
        <translation>Pas de connexion à Resolve&#xa0;: la ligne Resolve, en haut, dit quoi faire.</translation>
    </message>
    <message>
        <source>Select one or more hits in the list first.</source>
        <translation>Sélectionnez d’abord un ou plusieurs résultats dans la liste.</translation>
    </message>
    <message>
        <source>Cancelled. Nothing more was written; what was already written stays (Undo derush removes it).</source>
        <translation>Arrêté. Rien de plus n’a été écrit&#xa0;; ce qui l’était reste (Annuler derush le retire).</translation>
    </message>
    <message>
        <source>Could not export the proposal: %1</source>
        <translation>Impossible d’exporter la proposition&#xa0;: %1</translation>
    </message>
    <message>
        <source>Cancelled: the new timeline was removed again; your project is as it was.</source>
        <translation>Arrêté&#xa0;: la nouvelle timeline a été retirée&#xa0;; votre projet est comme avant.</translation>
    </message>
    <message numerus="yes">
        <source>%n not analysed</source>
        <translation>
            <numerusform>%Ln non analysé</numerusform>
            <numerusform>%Ln non analysés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tagged before</source>
        <translation>
            <numerusform>%Ln déjà étiqueté</numerusform>
            <numerusform>%Ln déjà étiquetés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queued</source>
        <translation>
            <numerusform>%Ln en attente</numerusform>
            <numerusform>%Ln en attente</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n analysing</source>
        <translation>
            <numerusform>%Ln en analyse</numerusform>
            <numerusform>%Ln en analyse</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n analysed</source>
        <translation>
            <numerusform>%Ln analysé</numerusform>
            <numerusform>%Ln analysés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tagged</source>
        <translation>
            <numerusform>%Ln étiqueté</numerusform>
            <numerusform>%Ln étiquetés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%Ln en échec</numerusform>
            <numerusform>%Ln en échec</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>%Ln ignoré</numerusform>
            <numerusform>%Ln ignorés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cancelled</source>
        <translation>
            <numerusform>%Ln arrêté</numerusform>
            <numerusform>%Ln arrêtés</numerusform>
        </translation>
    </message>
</context>
</TS>
