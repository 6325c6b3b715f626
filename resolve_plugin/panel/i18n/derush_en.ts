<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ClipTable</name>
    <message>
        <source>Clip</source>
        <translation>Clip</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>CutSketch</name>
    <message>
        <source>best of several takes</source>
        <extracomment>category -&gt; colour</extracomment>
        <translation>best of several takes</translation>
    </message>
    <message>
        <source>only take of its line</source>
        <translation>only take of its line</translation>
    </message>
    <message>
        <source>your choice of take</source>
        <translation>your choice of take</translation>
    </message>
    <message>
        <source>b-roll (no speech)</source>
        <translation>b-roll (no speech)</translation>
    </message>
    <message>
        <source>runner-up take</source>
        <translation>runner-up take</translation>
    </message>
    <message>
        <source>No proposal yet: click Suggest rough cut</source>
        <translation>No proposal yet: click Suggest rough cut</translation>
    </message>
</context>
<context>
    <name>PanelWindow</name>
    <message>
        <source>OpenTimelineIO, for Resolve (*.otio)</source>
        <translation>OpenTimelineIO, for Resolve (*.otio)</translation>
    </message>
    <message>
        <source>FCPXML 1.10, for Resolve and Final Cut Pro (*.fcpxml)</source>
        <translation>FCPXML 1.10, for Resolve and Final Cut Pro (*.fcpxml)</translation>
    </message>
    <message>
        <source>AAF, for Avid Media Composer and Pro Tools (*.aaf)</source>
        <translation>AAF, for Avid Media Composer and Pro Tools (*.aaf)</translation>
    </message>
    <message>
        <source>CMX3600 EDL, with a marker EDL beside it (*.edl)</source>
        <translation>CMX3600 EDL, with a marker EDL beside it (*.edl)</translation>
    </message>
    <message>
        <source>SRT subtitles of the cut (*.srt)</source>
        <translation>SRT subtitles of the cut (*.srt)</translation>
    </message>
    <message>
        <source>Media pool selection</source>
        <translation>Media pool selection</translation>
    </message>
    <message>
        <source>Current bin</source>
        <translation>Current bin</translation>
    </message>
    <message>
        <source>A folder and its subfolders</source>
        <translation>A folder and its subfolders</translation>
    </message>
    <message>
        <source>All clips in the project</source>
        <translation>All clips in the project</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>connecting…</translation>
    </message>
    <message>
        <source>Fix:</source>
        <translation>Fix:</translation>
    </message>
    <message>
        <source>Tag and cut</source>
        <extracomment>emitted on the UI thread when a piece of work has ended (tests and --screenshot wait on it)</extracomment>
        <translation>Tag and cut</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Connections</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>Resolve</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>built-in server (this machine)</source>
        <translation>built-in server (this machine)</translation>
    </message>
    <message>
        <source>HOST:PORT of a derush server on the LAN; empty runs one on this machine</source>
        <translation>HOST:PORT of a derush server on the LAN; empty runs one on this machine</translation>
    </message>
    <message>
        <source>token (LAN servers)</source>
        <translation>token (LAN servers)</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Reconnect</translation>
    </message>
    <message>
        <source>Clips</source>
        <translation>Clips</translation>
    </message>
    <message>
        <source>The media-pool folder whose clips (and subfolders&apos; clips) derush works on</source>
        <translation>The media-pool folder whose clips (and subfolders&apos; clips) derush works on</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Analyse again</source>
        <translation>Analyse again</translation>
    </message>
    <message>
        <source>Ignore results the server has stored for these clips (after a model update)</source>
        <translation>Ignore results the server has stored for these clips (after a model update)</translation>
    </message>
    <message>
        <source>Auto-tag</source>
        <translation>Auto-tag</translation>
    </message>
    <message>
        <source>Analyse the clips and write tags and markers to the media pool</source>
        <translation>Analyse the clips and write tags and markers to the media pool</translation>
    </message>
    <message>
        <source>Suggest rough cut</source>
        <translation>Suggest rough cut</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Build the proposal as a new timeline (your timelines are never changed)</source>
        <translation>Build the proposal as a new timeline (your timelines are never changed)</translation>
    </message>
    <message>
        <source>Undo derush</source>
        <translation>Undo derush</translation>
    </message>
    <message>
        <source>Remove every tag, marker and timeline derush wrote; your own edits stay</source>
        <translation>Remove every tag, marker and timeline derush wrote; your own edits stay</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Rough cut options</source>
        <translation>Rough cut options</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>no target</translation>
    </message>
    <message>
        <source>none: order by scene/take, then timecode</source>
        <translation>none: order by scene/take, then timecode</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>names and terms to expect, e.g. Quorvex, Maelis Tardieu</source>
        <translation>names and terms to expect, e.g. Quorvex, Maelis Tardieu</translation>
    </message>
    <message>
        <source>The speech model listens again for these words, and the script&apos;s names, where it may have misheard them. Separate them with commas.</source>
        <translation>The speech model listens again for these words, and the script&apos;s names, where it may have misheard them. Separate them with commas.</translation>
    </message>
    <message>
        <source>Prefer the takes of a character (their best delivery plays the scene), a speaker or a shot type</source>
        <translation>Prefer the takes of a character (their best delivery plays the scene), a speaker or a shot type</translation>
    </message>
    <message>
        <source>A reframed cut on the people in shot, for social media</source>
        <translation>A reframed cut on the people in shot, for social media</translation>
    </message>
    <message>
        <source>Cut out fillers and hesitations</source>
        <translation>Cut out fillers and hesitations</translation>
    </message>
    <message>
        <source>Where Apply puts each event&apos;s runner-up takes. In the take selector you flip between them in place.</source>
        <translation>Where Apply puts each event&apos;s runner-up takes. In the take selector you flip between them in place.</translation>
    </message>
    <message>
        <source>Target duration</source>
        <translation>Target duration</translation>
    </message>
    <message>
        <source>Pace</source>
        <translation>Pace</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Script</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Vocabulary</translation>
    </message>
    <message>
        <source>Favour</source>
        <translation>Favour</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Shape</translation>
    </message>
    <message>
        <source>Keep to the script</source>
        <translation>Keep to the script</translation>
    </message>
    <message>
        <source>Runner-up takes</source>
        <translation>Runner-up takes</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Proposal</translation>
    </message>
    <message>
        <source>No proposal yet.</source>
        <translation>No proposal yet.</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Write the proposal as a file for another application or suite: OTIO, FCPXML, AAF (Avid, Pro Tools), EDL or SRT subtitles</source>
        <translation>Write the proposal as a file for another application or suite: OTIO, FCPXML, AAF (Avid, Pro Tools), EDL or SRT subtitles</translation>
    </message>
    <message>
        <source>Could not save the panel&apos;s settings (%1); they apply until you close it.</source>
        <translation>Could not save the panel&apos;s settings (%1); they apply until you close it.</translation>
    </message>
    <message>
        <source>Scripts (*.txt *.fountain *.md);;All files (*)</source>
        <translation>Scripts (*.txt *.fountain *.md);;All files (*)</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <source>Fix the connection above, then click Reconnect.</source>
        <translation>Fix the connection above, then click Reconnect.</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Ready.</translation>
    </message>
    <message>
        <source>Reading clips</source>
        <translation>Reading clips</translation>
    </message>
    <message>
        <source>Learn from this timeline</source>
        <translation>Learn from this timeline</translation>
    </message>
    <message>
        <source>Export the proposal</source>
        <translation>Export the proposal</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>nothing new to write</source>
        <translation>nothing new to write</translation>
    </message>
    <message>
        <source>Resolve did not keep:</source>
        <translation>Resolve did not keep:</translation>
    </message>
    <message numerus="yes">
        <source>Tagged %1 of %n clip(s).</source>
        <translation>
            <numerusform>Tagged %1 of %Ln clip.</numerusform>
            <numerusform>Tagged %1 of %Ln clips.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed: see each one&apos;s reason.</source>
        <translation>
            <numerusform>%Ln failed: see each one&apos;s reason.</numerusform>
            <numerusform>%Ln failed: see each one&apos;s reason.</numerusform>
        </translation>
    </message>
    <message>
        <source>Proposal ready: look it over, then click Apply to build it as a new timeline.</source>
        <translation>Proposal ready: look it over, then click Apply to build it as a new timeline.</translation>
    </message>
    <message>
        <source>the job ended before this clip</source>
        <translation>the job ended before this clip</translation>
    </message>
    <message>
        <source>Created timeline “%1”:</source>
        <translation>Created timeline “%1”:</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) on V1,</source>
        <translation>
            <numerusform>%Ln event on V1,</numerusform>
            <numerusform>%Ln events on V1,</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n runner-up take(s) in the take selectors.</source>
        <translation>
            <numerusform>%Ln runner-up take in the take selectors.</numerusform>
            <numerusform>%Ln runner-up takes in the take selectors.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n runner-up take(s) on V2 (disabled).</source>
        <translation>
            <numerusform>%Ln runner-up take on V2 (disabled).</numerusform>
            <numerusform>%Ln runner-up takes on V2 (disabled).</numerusform>
        </translation>
    </message>
    <message>
        <source>runner-up takes left out.</source>
        <translation>runner-up takes left out.</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <source>Learned from timeline “%1” for project “%2”.</source>
        <translation>Learned from timeline “%1” for project “%2”.</translation>
    </message>
    <message>
        <source>Exported: %1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <source>Undo derush:</source>
        <translation>Undo derush:</translation>
    </message>
    <message numerus="yes">
        <source>%n marker(s) removed</source>
        <translation>
            <numerusform>%Ln marker removed</numerusform>
            <numerusform>%Ln markers removed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>from %n clip(s),</source>
        <translation>
            <numerusform>from %Ln clip,</numerusform>
            <numerusform>from %Ln clips,</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n timeline(s) removed.</source>
        <translation>
            <numerusform>%Ln timeline removed.</numerusform>
            <numerusform>%Ln timelines removed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n runner-up take(s) removed from the take selectors.</source>
        <translation>
            <numerusform>%Ln runner-up take removed from the take selectors.</numerusform>
            <numerusform>%Ln runner-up takes removed from the take selectors.</numerusform>
        </translation>
    </message>
    <message>
        <source>Kept, because you changed them since:</source>
        <translation>Kept, because you changed them since:</translation>
    </message>
    <message>
        <source>Could not remove:</source>
        <translation>Could not remove:</translation>
    </message>
    <message>
        <source>No clips here: select clips in Resolve&apos;s media pool, or choose Current bin or All clips above, then click Refresh.</source>
        <translation>No clips here: select clips in Resolve&apos;s media pool, or choose Current bin or All clips above, then click Refresh.</translation>
    </message>
    <message>
        <source>no clips read</source>
        <translation>no clips read</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>of %1 target</source>
        <translation>of %1 target</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%Ln event</numerusform>
            <numerusform>%Ln events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n runner-up take(s)</source>
        <translation>
            <numerusform>%Ln runner-up take</numerusform>
            <numerusform>%Ln runner-up takes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n script line(s) with no usable take:</source>
        <translation>
            <numerusform>%Ln script line with no usable take:</numerusform>
            <numerusform>%Ln script lines with no usable take:</numerusform>
        </translation>
    </message>
    <message>
        <source>Every script line is covered.</source>
        <translation>Every script line is covered.</translation>
    </message>
    <message>
        <source>Your choices: %1; Apply builds %2.</source>
        <translation>Your choices: %1; Apply builds %2.</translation>
    </message>
    <message>
        <source>%1 is still running: wait, or click Cancel.</source>
        <translation>%1 is still running: wait, or click Cancel.</translation>
    </message>
    <message>
        <source>Resolve stopped answering</source>
        <translation>Resolve stopped answering</translation>
    </message>
    <message>
        <source>Open Resolve and the project again, then click Reconnect.</source>
        <translation>Open Resolve and the project again, then click Reconnect.</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>the work was stopped</source>
        <translation>the work was stopped</translation>
    </message>
</context>
<context>
    <name>ProposalReview</name>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>Use runner-up</source>
        <translation>Use runner-up</translation>
    </message>
    <message>
        <source>Play the selected lines with their runner-up take instead: Apply builds it so, and the project learns from your choice</source>
        <translation>Play the selected lines with their runner-up take instead: Apply builds it so, and the project learns from your choice</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>Drop</translation>
    </message>
    <message>
        <source>Leave the selected lines out of the cut</source>
        <translation>Leave the selected lines out of the cut</translation>
    </message>
    <message>
        <source>As proposed</source>
        <translation>As proposed</translation>
    </message>
    <message>
        <source>Undo your choice on the selected lines</source>
        <translation>Undo your choice on the selected lines</translation>
    </message>
    <message>
        <source>No comparison with your cut yet.</source>
        <translation>No comparison with your cut yet.</translation>
    </message>
    <message>
        <source>Learn from this timeline</source>
        <translation>Learn from this timeline</translation>
    </message>
    <message>
        <source>After reworking derush&apos;s timeline in Resolve: compare it with what Apply built, and teach this Resolve project which takes you prefer</source>
        <translation>After reworking derush&apos;s timeline in Resolve: compare it with what Apply built, and teach this Resolve project which takes you prefer</translation>
    </message>
    <message>
        <source>runner-up %1 [%2–%3): %4</source>
        <extracomment>the last row: &quot;Learn from this timeline&quot;, then the window&apos;s own actions on the proposal (Export…)</extracomment>
        <translation>runner-up %1 [%2–%3): %4</translation>
    </message>
    <message>
        <source>dropped: %1</source>
        <translation>dropped: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) swapped for their runner-up</source>
        <translation>
            <numerusform>%Ln line swapped for its runner-up</numerusform>
            <numerusform>%Ln lines swapped for their runner-up</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dropped</source>
        <translation>
            <numerusform>%Ln dropped</numerusform>
            <numerusform>%Ln dropped</numerusform>
        </translation>
    </message>
    <message>
        <source>your choices before Apply</source>
        <translation>your choices before Apply</translation>
    </message>
    <message>
        <source>timeline “%1”</source>
        <translation>timeline “%1”</translation>
    </message>
    <message>
        <source>Last comparison, with %1:</source>
        <translation>Last comparison, with %1:</translation>
    </message>
    <message>
        <source>take agreement %1</source>
        <translation>take agreement %1</translation>
    </message>
    <message numerus="yes">
        <source>%n kept</source>
        <translation>
            <numerusform>%Ln kept</numerusform>
            <numerusform>%Ln kept</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n swapped</source>
        <translation>
            <numerusform>%Ln swapped</numerusform>
            <numerusform>%Ln swapped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n removed</source>
        <translation>
            <numerusform>%Ln removed</numerusform>
            <numerusform>%Ln removed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>%Ln added</numerusform>
            <numerusform>%Ln added</numerusform>
        </translation>
    </message>
    <message>
        <source>the default weights still</source>
        <translation>the default weights still</translation>
    </message>
    <message numerus="yes">
        <source>Project “%1” (%n line(s) learned): %2</source>
        <translation>
            <numerusform>Project “%1” (%Ln line learned): %2</numerusform>
            <numerusform>Project “%1” (%Ln lines learned): %2</numerusform>
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
        <translation>: </translation>
    </message>
    <message>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>. </source>
        <translation>. </translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>line %1</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>take %1 of %2 (%3)</source>
        <translation>take %1 of %2 (%3)</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>complete</translation>
    </message>
    <message>
        <source>%1% of the line</source>
        <translation>%1% of the line</translation>
    </message>
    <message>
        <source>no restart</source>
        <translation>no restart</translation>
    </message>
    <message numerus="yes">
        <source>%n restart(s)</source>
        <translation>
            <numerusform>%Ln restart</numerusform>
            <numerusform>%Ln restarts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n filler word(s)</source>
        <translation>
            <numerusform>%Ln filler word</numerusform>
            <numerusform>%Ln filler words</numerusform>
        </translation>
    </message>
    <message>
        <source>no dead air</source>
        <translation>no dead air</translation>
    </message>
    <message>
        <source>%1 s of dead air</source>
        <translation>%1 s of dead air</translation>
    </message>
    <message>
        <source>confidence %1</source>
        <translation>confidence %1</translation>
    </message>
    <message>
        <source>face on screen</source>
        <translation>face on screen</translation>
    </message>
    <message>
        <source>favoured</source>
        <translation>favoured</translation>
    </message>
    <message>
        <source>Over </source>
        <translation>Over </translation>
    </message>
    <message>
        <source>keeps an unscripted aside the script does not have</source>
        <translation>keeps an unscripted aside the script does not have</translation>
    </message>
    <message>
        <source> (continues after cutting out %1)</source>
        <translation> (continues after cutting out %1)</translation>
    </message>
    <message>
        <source>alternate for line %1</source>
        <translation>alternate for line %1</translation>
    </message>
    <message>
        <source>unscripted, between lines %1 and %2 of the same take: “%3”</source>
        <translation>unscripted, between lines %1 and %2 of the same take: “%3”</translation>
    </message>
    <message>
        <source>b-roll: shot %1 of %2, no speech</source>
        <translation>b-roll: shot %1 of %2, no speech</translation>
    </message>
    <message>
        <source>audio clipping</source>
        <translation>audio clipping</translation>
    </message>
    <message>
        <source>too quiet</source>
        <translation>too quiet</translation>
    </message>
    <message>
        <source>too loud</source>
        <translation>too loud</translation>
    </message>
    <message>
        <source>underexposed</source>
        <translation>underexposed</translation>
    </message>
    <message>
        <source>overexposed</source>
        <translation>overexposed</translation>
    </message>
    <message>
        <source>soft focus</source>
        <translation>soft focus</translation>
    </message>
    <message>
        <source>shaky camera</source>
        <translation>shaky camera</translation>
    </message>
    <message>
        <source>a %1 s hesitation</source>
        <translation>a %1 s hesitation</translation>
    </message>
    <message>
        <source>an unscripted aside “%1”</source>
        <translation>an unscripted aside “%1”</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source> and </source>
        <translation> and </translation>
    </message>
</context>
<context>
    <name>SearchTab</name>
    <message>
        <source>Words, &quot;a phrase&quot;, light*  — e.g. &quot;twice a day&quot;</source>
        <extracomment>emitted when a search, a selects timeline or a marking has ended (tests and screenshots wait on it)</extracomment>
        <translation>Words, &quot;a phrase&quot;, light*  — e.g. &quot;twice a day&quot;</translation>
    </message>
    <message>
        <source>Clip</source>
        <translation>Clip</translation>
    </message>
    <message>
        <source>Timecode</source>
        <translation>Timecode</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Speaker</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>Words</translation>
    </message>
    <message>
        <source>Make selects timeline</source>
        <translation>Make selects timeline</translation>
    </message>
    <message>
        <source>Mark in media pool</source>
        <translation>Mark in media pool</translation>
    </message>
    <message>
        <source>Type to search every transcript, tag and slate the server has analysed.</source>
        <translation>Type to search every transcript, tag and slate the server has analysed.</translation>
    </message>
    <message numerus="yes">
        <source>%n hit(s) marked on their clips (Undo derush removes them).</source>
        <translation>
            <numerusform>%Ln hit marked on its clip (Undo derush removes it).</numerusform>
            <numerusform>%Ln hits marked on their clips (Undo derush removes them).</numerusform>
        </translation>
    </message>
    <message>
        <source>  [missing: not on disk any more]</source>
        <translation>  [missing: not on disk any more]</translation>
    </message>
    <message numerus="yes">
        <source>%n hit(s) for “%1” in %2 analysed clip(s).</source>
        <translation>
            <numerusform>%Ln hit for “%1” in %2 analysed clip(s).</numerusform>
            <numerusform>%Ln hits for “%1” in %2 analysed clip(s).</numerusform>
        </translation>
    </message>
    <message>
        <source>read back frame-exact</source>
        <translation>read back frame-exact</translation>
    </message>
    <message>
        <source>New timeline “%1”: %2 hit(s), %3.</source>
        <translation>New timeline “%1”: %2 hit(s), %3.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>not analysed</source>
        <translation>not analysed</translation>
    </message>
    <message>
        <source>tagged before</source>
        <translation>tagged before</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>queued</translation>
    </message>
    <message>
        <source>analysing</source>
        <translation>analysing</translation>
    </message>
    <message>
        <source>analysed</source>
        <translation>analysed</translation>
    </message>
    <message>
        <source>tagged</source>
        <translation>tagged</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>skipped</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>in the take selector</source>
        <translation>in the take selector</translation>
    </message>
    <message>
        <source>on a disabled track (V2)</source>
        <translation>on a disabled track (V2)</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>left out</translation>
    </message>
    <message>
        <source>file not found: check that its drive is mounted, or relink the clip</source>
        <translation>file not found: check that its drive is mounted, or relink the clip</translation>
    </message>
    <message>
        <source>empty file (0 bytes): copy it again from the card</source>
        <translation>empty file (0 bytes): copy it again from the card</translation>
    </message>
    <message>
        <source>not a media file: leave it out of the selection</source>
        <translation>not a media file: leave it out of the selection</translation>
    </message>
    <message>
        <source>file cut short (copy interrupted?): copy it again from the card</source>
        <translation>file cut short (copy interrupted?): copy it again from the card</translation>
    </message>
    <message>
        <source>no picture or sound in the file: the recording stopped at once</source>
        <translation>no picture or sound in the file: the recording stopped at once</translation>
    </message>
    <message>
        <source>codec not supported: transcode it (e.g. to ProRes) and relink</source>
        <translation>codec not supported: transcode it (e.g. to ProRes) and relink</translation>
    </message>
    <message>
        <source>the file cannot be decoded: check it plays, or copy it again</source>
        <translation>the file cannot be decoded: check it plays, or copy it again</translation>
    </message>
    <message>
        <source>not analysed yet: tag the clip first</source>
        <translation>not analysed yet: tag the clip first</translation>
    </message>
    <message>
        <source>request refused: see the details</source>
        <translation>request refused: see the details</translation>
    </message>
    <message>
        <source>the upload arrived damaged: run it again</source>
        <translation>the upload arrived damaged: run it again</translation>
    </message>
    <message>
        <source>a model is missing on the server: see derush doctor there</source>
        <translation>a model is missing on the server: see derush doctor there</translation>
    </message>
    <message>
        <source>character %1</source>
        <translation>character %1</translation>
    </message>
    <message>
        <source>speaker %1</source>
        <translation>speaker %1</translation>
    </message>
    <message>
        <source>shot type %1</source>
        <translation>shot type %1</translation>
    </message>
    <message>
        <source>nothing in particular</source>
        <translation>nothing in particular</translation>
    </message>
    <message>
        <source>as the rushes</source>
        <translation>as the rushes</translation>
    </message>
    <message>
        <source>9:16 vertical (social)</source>
        <translation>9:16 vertical (social)</translation>
    </message>
    <message>
        <source>4:5 portrait</source>
        <translation>4:5 portrait</translation>
    </message>
    <message>
        <source>1:1 square</source>
        <translation>1:1 square</translation>
    </message>
    <message>
        <source>loose: asides and ad-libs kept</source>
        <translation>loose: asides and ad-libs kept</translation>
    </message>
    <message>
        <source>strict: only the script&apos;s lines</source>
        <translation>strict: only the script&apos;s lines</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>tight</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>loose</source>
        <translation>loose</translation>
    </message>
    <message numerus="yes">
        <source>%n selected clip(s)</source>
        <translation>
            <numerusform>%Ln selected clip</numerusform>
            <numerusform>%Ln selected clips</numerusform>
        </translation>
    </message>
    <message>
        <source>folder %1 and its subfolders</source>
        <translation>folder %1 and its subfolders</translation>
    </message>
    <message>
        <source>bin %1</source>
        <translation>bin %1</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) ahead</source>
        <translation>
            <numerusform>%Ln job ahead</numerusform>
            <numerusform>%Ln jobs ahead</numerusform>
        </translation>
    </message>
    <message>
        <source>starting</source>
        <translation>starting</translation>
    </message>
    <message>
        <source>from the result store</source>
        <translation>from the result store</translation>
    </message>
    <message>
        <source>nothing new to write</source>
        <translation>nothing new to write</translation>
    </message>
    <message>
        <source>prefers the voice that says line %1 in %2 (%3)</source>
        <translation>prefers the voice that says line %1 in %2 (%3)</translation>
    </message>
    <message>
        <source>avoids the voice that says line %1 in %2 (%3)</source>
        <translation>avoids the voice that says line %1 in %2 (%3)</translation>
    </message>
    <message>
        <source>prefers complete takes even more</source>
        <translation>prefers complete takes even more</translation>
    </message>
    <message>
        <source>minds incomplete takes less</source>
        <translation>minds incomplete takes less</translation>
    </message>
    <message>
        <source>minds restarts less</source>
        <translation>minds restarts less</translation>
    </message>
    <message>
        <source>minds restarts more</source>
        <translation>minds restarts more</translation>
    </message>
    <message>
        <source>minds filler words less</source>
        <translation>minds filler words less</translation>
    </message>
    <message>
        <source>minds filler words more</source>
        <translation>minds filler words more</translation>
    </message>
    <message>
        <source>prefers clearer diction</source>
        <translation>prefers clearer diction</translation>
    </message>
    <message>
        <source>minds unclear diction less</source>
        <translation>minds unclear diction less</translation>
    </message>
    <message>
        <source>minds dead air less</source>
        <translation>minds dead air less</translation>
    </message>
    <message>
        <source>minds dead air more</source>
        <translation>minds dead air more</translation>
    </message>
    <message>
        <source>minds sound problems less</source>
        <translation>minds sound problems less</translation>
    </message>
    <message>
        <source>minds sound problems more</source>
        <translation>minds sound problems more</translation>
    </message>
    <message>
        <source>minds picture problems less</source>
        <translation>minds picture problems less</translation>
    </message>
    <message>
        <source>minds picture problems more</source>
        <translation>minds picture problems more</translation>
    </message>
    <message>
        <source>prefers a face on screen</source>
        <translation>prefers a face on screen</translation>
    </message>
    <message>
        <source>minds faces on screen less</source>
        <translation>minds faces on screen less</translation>
    </message>
    <message>
        <source>follows the favoured speaker or shot more</source>
        <translation>follows the favoured speaker or shot more</translation>
    </message>
    <message>
        <source>follows favoured ones less</source>
        <translation>follows favoured ones less</translation>
    </message>
    <message>
        <source>prefers faster delivery</source>
        <translation>prefers faster delivery</translation>
    </message>
    <message>
        <source>prefers slower delivery</source>
        <translation>prefers slower delivery</translation>
    </message>
    <message>
        <source>prefers later takes</source>
        <translation>prefers later takes</translation>
    </message>
    <message>
        <source>prefers earlier takes</source>
        <translation>prefers earlier takes</translation>
    </message>
    <message>
        <source>prefers longer takes</source>
        <translation>prefers longer takes</translation>
    </message>
    <message>
        <source>prefers shorter takes</source>
        <translation>prefers shorter takes</translation>
    </message>
    <message>
        <source>prefers louder takes</source>
        <translation>prefers louder takes</translation>
    </message>
    <message>
        <source>prefers quieter takes</source>
        <translation>prefers quieter takes</translation>
    </message>
    <message>
        <source>built-in server on this machine</source>
        <translation>built-in server on this machine</translation>
    </message>
    <message>
        <source>server on this machine (%1)</source>
        <translation>server on this machine (%1)</translation>
    </message>
    <message>
        <source>LAN server %1 (%2)</source>
        <translation>LAN server %1 (%2)</translation>
    </message>
    <message>
        <source>CPU only</source>
        <translation>CPU only</translation>
    </message>
    <message>
        <source>%1 models</source>
        <translation>%1 models</translation>
    </message>
    <message>
        <source>(%1 loaded)</source>
        <translation>(%1 loaded)</translation>
    </message>
    <message>
        <source>(inside Resolve)</source>
        <translation>(inside Resolve)</translation>
    </message>
    <message>
        <source>(external scripting)</source>
        <translation>(external scripting)</translation>
    </message>
    <message>
        <source>(loopback bridge)</source>
        <translation>(loopback bridge)</translation>
    </message>
    <message>
        <source>(emulated Resolve)</source>
        <translation>(emulated Resolve)</translation>
    </message>
    <message>
        <source> · project “%1”</source>
        <translation> · project “%1”</translation>
    </message>
    <message>
        <source>Not connected to Resolve</source>
        <translation>Not connected to Resolve</translation>
    </message>
    <message>
        <source>Resolve is not running</source>
        <translation>Resolve is not running</translation>
    </message>
    <message>
        <source>Start DaVinci Resolve, open the project, then click Reconnect (from Resolve, Workspace ▸ Scripts ▸ Utility ▸ derush opens the panel for it).</source>
        <translation>Start DaVinci Resolve, open the project, then click Reconnect (from Resolve, Workspace ▸ Scripts ▸ Utility ▸ derush opens the panel for it).</translation>
    </message>
    <message>
        <source>No built-in server on this seat</source>
        <translation>No built-in server on this seat</translation>
    </message>
    <message>
        <source>No derush server answers at %1</source>
        <translation>No derush server answers at %1</translation>
    </message>
    <message>
        <source>The derush server at %1 refused the token</source>
        <translation>The derush server at %1 refused the token</translation>
    </message>
    <message>
        <source>The derush server at %1 did not answer</source>
        <translation>The derush server at %1 did not answer</translation>
    </message>
    <message>
        <source>Start it with `derush serve --listen HOST:PORT` on that machine, check the server address in the panel, or clear it to use the built-in server on this machine; then click Reconnect.</source>
        <translation>Start it with `derush serve --listen HOST:PORT` on that machine, check the server address in the panel, or clear it to use the built-in server on this machine; then click Reconnect.</translation>
    </message>
    <message>
        <source>Enter it in the token box beside the server address, then click Reconnect.</source>
        <translation>Enter it in the token box beside the server address, then click Reconnect.</translation>
    </message>
    <message>
        <source>No clip could be analysed, so there is nothing to cut: see each clip&apos;s reason.</source>
        <translation>No clip could be analysed, so there is nothing to cut: see each clip&apos;s reason.</translation>
    </message>
    <message>
        <source>There is no proposal to apply: click Suggest rough cut first.</source>
        <translation>There is no proposal to apply: click Suggest rough cut first.</translation>
    </message>
    <message>
        <source>Not connected to a derush server: see the server line at the top for the fix.</source>
        <translation>Not connected to a derush server: see the server line at the top for the fix.</translation>
    </message>
    <message>
        <source>Not connected to Resolve: see the Resolve line at the top for the fix.</source>
        <translation>Not connected to Resolve: see the Resolve line at the top for the fix.</translation>
    </message>
    <message>
        <source>Select one or more hits in the list first.</source>
        <translation>Select one or more hits in the list first.</translation>
    </message>
    <message>
        <source>Cancelled. Nothing more was written; what was already written stays (Undo derush removes it).</source>
        <translation>Cancelled. Nothing more was written; what was already written stays (Undo derush removes it).</translation>
    </message>
    <message>
        <source>Could not export the proposal: %1</source>
        <translation>Could not export the proposal: %1</translation>
    </message>
    <message>
        <source>Cancelled: the new timeline was removed again; your project is as it was.</source>
        <translation>Cancelled: the new timeline was removed again; your project is as it was.</translation>
    </message>
    <message numerus="yes">
        <source>%n not analysed</source>
        <translation>
            <numerusform>%Ln not analysed</numerusform>
            <numerusform>%Ln not analysed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tagged before</source>
        <translation>
            <numerusform>%Ln tagged before</numerusform>
            <numerusform>%Ln tagged before</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queued</source>
        <translation>
            <numerusform>%Ln queued</numerusform>
            <numerusform>%Ln queued</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n analysing</source>
        <translation>
            <numerusform>%Ln analysing</numerusform>
            <numerusform>%Ln analysing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n analysed</source>
        <translation>
            <numerusform>%Ln analysed</numerusform>
            <numerusform>%Ln analysed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tagged</source>
        <translation>
            <numerusform>%Ln tagged</numerusform>
            <numerusform>%Ln tagged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%Ln failed</numerusform>
            <numerusform>%Ln failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>%Ln skipped</numerusform>
            <numerusform>%Ln skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cancelled</source>
        <translation>
            <numerusform>%Ln cancelled</numerusform>
            <numerusform>%Ln cancelled</numerusform>
        </translation>
    </message>
</context>
</TS>
