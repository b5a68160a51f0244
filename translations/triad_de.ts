<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>FirstStart</name>
    <message>
        <source>Welcome</source>
        <translation>Willkommen</translation>
    </message>
</context>
<context>
    <name>LabelingFormat</name>
    <message>
        <source>pending</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>~%1 tok</source>
        <translation>~%1 Tok.</translation>
    </message>
    <message>
        <source>%1 / hour</source>
        <translation>%1 / Stunde</translation>
    </message>
    <message>
        <source>system</source>
        <translation>System</translation>
    </message>
    <message>
        <source>user</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>tool</source>
        <translation>Werkzeug</translation>
    </message>
</context>
<context>
    <name>MetricsFormat</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 tok/s</translation>
    </message>
    <message>
        <source>%1→%2 tok</source>
        <translation>%1→%2 tok</translation>
    </message>
    <message>
        <source>TTFT %1</source>
        <translation>TTFT %1</translation>
    </message>
</context>
<context>
    <name>ModelFormat</name>
    <message>
        <source>Not loaded</source>
        <translation>Nicht geladen</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Unloading…</source>
        <translation>Wird entladen…</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>Geladen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 · answering, %n queued</source>
        <translation>
            <numerusform>%1 · antwortet, %n in der Warteschlange</numerusform>
            <numerusform>%1 · antwortet, %n in der Warteschlange</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · answering</source>
        <translation>%1 · antwortet</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Compare language models side by side: quality, speed and cost.</source>
        <translation>Sprachmodelle direkt vergleichen: Qualität, Geschwindigkeit und Kosten.</translation>
    </message>
    <message>
        <source>Workspace file to open (default: your default workspace).</source>
        <translation>Zu öffnende Arbeitsbereichsdatei (Vorgabe: Ihr Standard-Arbeitsbereich).</translation>
    </message>
</context>
<context>
    <name>triad::widgets::AddToDatasetDialog</name>
    <message>
        <source>Add to dataset</source>
        <translation>Zum Datensatz hinzufügen</translation>
    </message>
    <message numerus="yes">
        <source>The pane&apos;s conversation (%n message(s), its answer last) becomes a pending example to review in Labeling.</source>
        <translation>
            <numerusform>Die Unterhaltung des Bereichs (%n Nachricht, die Antwort zuletzt) wird ein offenes Beispiel zum Prüfen im Labeling.</numerusform>
            <numerusform>Die Unterhaltung des Bereichs (%n Nachrichten, die Antwort zuletzt) wird ein offenes Beispiel zum Prüfen im Labeling.</numerusform>
        </translation>
    </message>
    <message>
        <source>An existing dataset, or type a new name</source>
        <translation>Ein vorhandener Datensatz, oder einen neuen Namen eingeben</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
</context>
<context>
    <name>triad::widgets::CandidateColumn</name>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Remove this candidate column</source>
        <translation>Diese Kandidatenspalte entfernen</translation>
    </message>
    <message>
        <source>Generate (G) runs the example&apos;s prompt here.</source>
        <translation>Generieren (G) führt den Prompt des Beispiels hier aus.</translation>
    </message>
    <message>
        <source>Use as answer</source>
        <translation>Als Antwort verwenden</translation>
    </message>
    <message>
        <source>Make this (edited) text the example&apos;s assistant answer</source>
        <translation>Diesen (bearbeiteten) Text zur Antwort des Assistenten im Beispiel machen</translation>
    </message>
    <message>
        <source>✓ Chosen</source>
        <translation>✓ Gewählt</translation>
    </message>
    <message>
        <source>The better answer of a preference pair</source>
        <translation>Die bessere Antwort eines Präferenzpaars</translation>
    </message>
    <message>
        <source>✗ Rejected</source>
        <translation>✗ Abgelehnt</translation>
    </message>
    <message>
        <source>The worse answer of a preference pair</source>
        <translation>Die schlechtere Antwort eines Präferenzpaars</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Stopped; the text so far is kept.</source>
        <translation>Gestoppt; der bisherige Text bleibt erhalten.</translation>
    </message>
</context>
<context>
    <name>triad::widgets::CandidatesPanel</name>
    <message>
        <source>Generate candidates (G)</source>
        <translation>Kandidaten generieren (G)</translation>
    </message>
    <message>
        <source>Run the example&apos;s prompt on every target below, side by side</source>
        <translation>Den Prompt des Beispiels auf allen Zielen unten nebeneinander ausführen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>+ Target</source>
        <translation>+ Ziel</translation>
    </message>
    <message>
        <source>Compare up to four targets</source>
        <translation>Bis zu vier Ziele vergleichen</translation>
    </message>
    <message>
        <source>Save preference pair</source>
        <translation>Präferenzpaar speichern</translation>
    </message>
    <message>
        <source>Store the prompt with the chosen (✓) and rejected (✗) candidates</source>
        <translation>Den Prompt mit dem gewählten (✓) und dem abgelehnten (✗) Kandidaten speichern</translation>
    </message>
    <message>
        <source>This example has no prompt to generate an answer for.</source>
        <translation>Dieses Beispiel hat keinen Prompt, zu dem eine Antwort generiert werden kann.</translation>
    </message>
    <message>
        <source>Add a provider or load a local model to generate candidates.</source>
        <translation>Fügen Sie einen Anbieter hinzu oder laden Sie ein lokales Modell, um Kandidaten zu generieren.</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ChatRunBridge</name>
    <message>
        <source>No provider named &quot;%1&quot; is configured.</source>
        <translation>Es ist kein Provider namens „%1“ eingerichtet.</translation>
    </message>
    <message>
        <source>The run of %1 could not be saved: %2</source>
        <translation>Der Lauf von %1 konnte nicht gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>triad::widgets::CommandPalette</name>
    <message>
        <source>Type a command, a session or a model…</source>
        <translation>Befehl, Sitzung oder Modell eingeben…</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ComparisonRow</name>
    <message>
        <source>★ marks the best pane for each figure once two or more panes have it.</source>
        <translation>★ markiert für jede Kennzahl die beste Spalte, sobald mindestens zwei Spalten sie haben.</translation>
    </message>
    <message>
        <source>fastest TTFT</source>
        <translation>schnellste TTFT</translation>
    </message>
    <message>
        <source>highest tok/s</source>
        <translation>höchste tok/s</translation>
    </message>
    <message>
        <source>cheapest</source>
        <translation>günstigste</translation>
    </message>
    <message>
        <source>longest</source>
        <translation>längste</translation>
    </message>
    <message numerus="yes">
        <source>%n characters</source>
        <translation>
            <numerusform>%n Zeichen</numerusform>
            <numerusform>%n Zeichen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 tok</source>
        <translation>%1 tok</translation>
    </message>
</context>
<context>
    <name>triad::widgets::DatasetExportDialog</name>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>OpenAI SFT JSONL (messages, weights kept)</source>
        <translation>OpenAI-SFT-JSONL (messages, Gewichte bleiben erhalten)</translation>
    </message>
    <message>
        <source>Preference JSONL (input, preferred, non-preferred)</source>
        <translation>Präferenz-JSONL (input, preferred, non-preferred)</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>all statuses</source>
        <translation>alle Status</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <source>Write each example&apos;s metadata</source>
        <translation>Die Metadaten jedes Beispiels schreiben</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Split into train and validation</source>
        <translation>In Training und Validierung aufteilen</translation>
    </message>
    <message>
        <source> % validation</source>
        <translation> % Validierung</translation>
    </message>
    <message>
        <source>The same seed always puts the same examples in validation</source>
        <translation>Derselbe Seed legt immer dieselben Beispiele in die Validierung</translation>
    </message>
    <message>
        <source>Split, seed</source>
        <translation>Aufteilung, Seed</translation>
    </message>
    <message>
        <source>Validation file</source>
        <translation>Validierungsdatei</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ExampleEditor</name>
    <message>
        <source>+ Add turn</source>
        <translation>+ Beitrag hinzufügen</translation>
    </message>
    <message>
        <source>Add a message at the end (user after an answer, assistant after a question)</source>
        <translation>Eine Nachricht am Ende hinzufügen (Benutzer nach einer Antwort, Assistent nach einer Frage)</translation>
    </message>
    <message>
        <source>Rate %1 (key %1)</source>
        <translation>Mit %1 bewerten (Taste %1)</translation>
    </message>
    <message>
        <source>Labels (T adds one; click ✕ to remove)</source>
        <translation>Labels (T fügt eines hinzu; ✕ klicken zum Entfernen)</translation>
    </message>
    <message>
        <source>Note (N edits it)</source>
        <translation>Notiz (N bearbeitet sie)</translation>
    </message>
    <message>
        <source>Label to add — Enter adds, Esc cancels</source>
        <translation>Neues Label — Eingabe fügt hinzu, Esc bricht ab</translation>
    </message>
    <message>
        <source>Note for this example — Enter saves, Esc cancels</source>
        <translation>Notiz zu diesem Beispiel — Eingabe speichert, Esc bricht ab</translation>
    </message>
    <message>
        <source>&lt;b&gt;#%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Nr. %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <source>preference pair</source>
        <translation>Präferenzpaar</translation>
    </message>
    <message>
        <source>metadata: %1</source>
        <translation>Metadaten: %1</translation>
    </message>
    <message>
        <source>no labels</source>
        <translation>keine Labels</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Notiz: %1</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ExampleFilterBar</name>
    <message>
        <source>Show examples of this status</source>
        <translation>Beispiele mit diesem Status zeigen</translation>
    </message>
    <message>
        <source>all statuses</source>
        <translation>alle Status</translation>
    </message>
    <message>
        <source>Show examples with this label</source>
        <translation>Beispiele mit diesem Label zeigen</translation>
    </message>
    <message>
        <source>any label</source>
        <translation>jedes Label</translation>
    </message>
    <message>
        <source>Show examples rated like this (unrated ones match only &quot;any rating&quot;)</source>
        <translation>Beispiele mit dieser Bewertung zeigen (unbewertete passen nur zu „jede Bewertung“)</translation>
    </message>
    <message>
        <source>any rating</source>
        <translation>jede Bewertung</translation>
    </message>
    <message>
        <source>★ 5</source>
        <translation>★ 5</translation>
    </message>
    <message>
        <source>★ 4 or more</source>
        <translation>★ 4 oder mehr</translation>
    </message>
    <message>
        <source>★ 3 or more</source>
        <translation>★ 3 oder mehr</translation>
    </message>
    <message>
        <source>rated</source>
        <translation>bewertet</translation>
    </message>
    <message>
        <source>★ 2 or less</source>
        <translation>★ 2 oder weniger</translation>
    </message>
    <message>
        <source>★ 1</source>
        <translation>★ 1</translation>
    </message>
    <message>
        <source>Search text… (Ctrl+F)</source>
        <translation>Text suchen… (Strg+F)</translation>
    </message>
    <message>
        <source>Examples whose messages contain this text (in any case)</source>
        <translation>Beispiele, deren Nachrichten diesen Text enthalten (Groß-/Kleinschreibung egal)</translation>
    </message>
    <message>
        <source>min tok</source>
        <translation>min. Tok.</translation>
    </message>
    <message>
        <source>max tok</source>
        <translation>max. Tok.</translation>
    </message>
    <message>
        <source> tok</source>
        <translation> Tok.</translation>
    </message>
    <message>
        <source>Length in estimated tokens (0 = no bound)</source>
        <translation>Länge in geschätzten Tokens (0 = keine Grenze)</translation>
    </message>
    <message>
        <source>Order of the list</source>
        <translation>Reihenfolge der Liste</translation>
    </message>
    <message>
        <source>oldest first</source>
        <translation>älteste zuerst</translation>
    </message>
    <message>
        <source>newest first</source>
        <translation>neueste zuerst</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ExampleListModel</name>
    <message>
        <source>Note: %1</source>
        <translation>Notiz: %1</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Länge</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ExportDialog</name>
    <message>
        <source>The API key is not included: the export reads it from an environment variable.</source>
        <translation>Der API-Schlüssel ist nicht enthalten: Der Export liest ihn aus einer Umgebungsvariable.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ImportDialog</name>
    <message>
        <source>Import %1</source>
        <translation>%1 importieren</translation>
    </message>
    <message>
        <source>A new dataset of this name, or an existing one to add to (duplicates are skipped)</source>
        <translation>Ein neuer Datensatz dieses Namens oder ein vorhandener, der ergänzt wird (Duplikate werden übersprungen)</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Detect per line</source>
        <translation>Pro Zeile erkennen</translation>
    </message>
    <message>
        <source>Chat (messages)</source>
        <translation>Chat (messages)</translation>
    </message>
    <message>
        <source>Prompt / completion</source>
        <translation>Prompt / Completion</translation>
    </message>
    <message>
        <source>Preference (input / preferred / non-preferred)</source>
        <translation>Präferenz (input / preferred / non-preferred)</translation>
    </message>
    <message>
        <source>Line format</source>
        <translation>Zeilenformat</translation>
    </message>
    <message>
        <source>comma</source>
        <translation>Komma</translation>
    </message>
    <message>
        <source>semicolon</source>
        <translation>Semikolon</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>Tabulator</translation>
    </message>
    <message>
        <source>Delimiter</source>
        <translation>Trennzeichen</translation>
    </message>
    <message>
        <source>System column</source>
        <translation>Spalte für System</translation>
    </message>
    <message>
        <source>User column</source>
        <translation>Spalte für Benutzer</translation>
    </message>
    <message>
        <source>Answer column</source>
        <translation>Spalte für Antwort</translation>
    </message>
    <message>
        <source>Bad lines are kept aside with their line number and reason; exact duplicates are counted and stored once. The import runs in the background and can be cancelled.</source>
        <translation>Fehlerhafte Zeilen werden mit Zeilennummer und Grund beiseitegelegt; exakte Duplikate werden gezählt und einmal gespeichert. Der Import läuft im Hintergrund und kann abgebrochen werden.</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>The first line of %1 could not be read as a CSV header.</source>
        <translation>Die erste Zeile von %1 ließ sich nicht als CSV-Kopfzeile lesen.</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ImportReportDialog</name>
    <message>
        <source>Imported %1 · %2 duplicates · %3 bad lines</source>
        <translation>%1 importiert · %2 Duplikate · %3 fehlerhafte Zeilen</translation>
    </message>
    <message>
        <source> · cancelled after line %1</source>
        <translation> · abgebrochen nach Zeile %1</translation>
    </message>
    <message>
        <source>Import of %1</source>
        <translation>Import von %1</translation>
    </message>
    <message>
        <source>%1 lines read (%2 blank).</source>
        <translation>%1 Zeilen gelesen (%2 leer).</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>The first %1 of %2 bad lines are listed; all are kept in the workspace.</source>
        <translation>Die ersten %1 von %2 fehlerhaften Zeilen sind aufgeführt; alle bleiben im Arbeitsbereich erhalten.</translation>
    </message>
</context>
<context>
    <name>triad::widgets::KeychainStore</name>
    <message>
        <source>No system keychain is available; Triad reads the key from the environment variable named in the provider&apos;s settings.</source>
        <translation>Kein Schlüsselbund des Systems verfügbar; Triad liest den Schlüssel aus der Umgebungsvariable, die in den Einstellungen des Providers angegeben ist.</translation>
    </message>
    <message>
        <source>The system keychain refused the request: %1</source>
        <translation>Der Schlüsselbund des Systems hat die Anfrage abgelehnt: %1</translation>
    </message>
    <message>
        <source>The system keychain did not answer within %1 seconds; Triad reads the key from the environment variable named in the provider&apos;s settings.</source>
        <translation>Der Schlüsselbund des Systems hat nicht innerhalb von %1 Sekunden geantwortet; Triad liest den Schlüssel aus der Umgebungsvariable, die in den Einstellungen des Providers angegeben ist.</translation>
    </message>
</context>
<context>
    <name>triad::widgets::LabelingSession</name>
    <message>
        <source>Example #%1 was not changed: %2</source>
        <translation>Beispiel Nr. %1 wurde nicht geändert: %2</translation>
    </message>
    <message>
        <source>Undo failed: %1</source>
        <translation>Rückgängig fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>triad::widgets::LabelingView</name>
    <message>
        <source>Every example in this list is labeled. Export it, or pick another filter.</source>
        <translation>Jedes Beispiel dieser Liste ist gelabelt. Exportieren Sie sie oder wählen Sie einen anderen Filter.</translation>
    </message>
    <message>
        <source>Labeled (accepted, rejected or skipped) of all examples</source>
        <translation>Gelabelt (angenommen, abgelehnt oder übersprungen) von allen Beispielen</translation>
    </message>
    <message>
        <source>This session&apos;s pace: decisions per hour of active work (pauses over two minutes count as two minutes)</source>
        <translation>Tempo dieser Sitzung: Entscheidungen pro Stunde aktiver Arbeit (Pausen über zwei Minuten zählen als zwei Minuten)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Show bad lines</source>
        <translation>Fehlerhafte Zeilen zeigen</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren…</translation>
    </message>
    <message>
        <source>Import a JSONL (chat, prompt/completion, preference) or CSV file</source>
        <translation>Eine JSONL-Datei (Chat, Prompt/Completion, Präferenz) oder CSV-Datei importieren</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Export SFT or preference JSONL, optionally split</source>
        <translation>SFT- oder Präferenz-JSONL exportieren, wahlweise aufgeteilt</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Label fine-tuning data at keyboard speed.&lt;br&gt;&lt;br&gt;&lt;a href=&quot;import&quot;&gt;Import a JSONL file…&lt;/a&gt;&lt;br&gt;&lt;br&gt;or send a playground answer here with &quot;Add to dataset&quot;.</source>
        <translation>Fine-Tuning-Daten in Tastaturgeschwindigkeit labeln.&lt;br&gt;&lt;br&gt;&lt;a href=&quot;import&quot;&gt;Eine JSONL-Datei importieren…&lt;/a&gt;&lt;br&gt;&lt;br&gt;oder eine Antwort aus dem Playground mit „Zum Datensatz hinzufügen“ hierher schicken.</translation>
    </message>
    <message>
        <source>A accept</source>
        <translation>A annehmen</translation>
    </message>
    <message>
        <source>Accept and go to the next pending example (A)</source>
        <translation>Annehmen und zum nächsten offenen Beispiel gehen (A)</translation>
    </message>
    <message>
        <source>X reject</source>
        <translation>X ablehnen</translation>
    </message>
    <message>
        <source>Reject and go to the next pending example (X)</source>
        <translation>Ablehnen und zum nächsten offenen Beispiel gehen (X)</translation>
    </message>
    <message>
        <source>Space skip</source>
        <translation>Leertaste überspringen</translation>
    </message>
    <message>
        <source>Skip and go to the next pending example (Space)</source>
        <translation>Überspringen und zum nächsten offenen Beispiel gehen (Leertaste)</translation>
    </message>
    <message>
        <source>T tag</source>
        <translation>T Label</translation>
    </message>
    <message>
        <source>Add a label (T)</source>
        <translation>Ein Label hinzufügen (T)</translation>
    </message>
    <message>
        <source>N note</source>
        <translation>N Notiz</translation>
    </message>
    <message>
        <source>Write a note (N)</source>
        <translation>Eine Notiz schreiben (N)</translation>
    </message>
    <message>
        <source>E edit</source>
        <translation>E bearbeiten</translation>
    </message>
    <message>
        <source>Edit the answer (E)</source>
        <translation>Die Antwort bearbeiten (E)</translation>
    </message>
    <message>
        <source>⟲ undo</source>
        <translation>⟲ rückgängig</translation>
    </message>
    <message>
        <source>Undo the last action, many levels deep (Ctrl+Z)</source>
        <translation>Die letzte Aktion rückgängig machen, viele Stufen tief (Strg+Z)</translation>
    </message>
    <message>
        <source>? keys</source>
        <translation>? Tasten</translation>
    </message>
    <message>
        <source>All shortcuts (?)</source>
        <translation>Alle Tastenkürzel (?)</translation>
    </message>
    <message>
        <source>Labeling: accept</source>
        <translation>Labeling: annehmen</translation>
    </message>
    <message>
        <source>Labeling: reject</source>
        <translation>Labeling: ablehnen</translation>
    </message>
    <message>
        <source>Labeling: skip</source>
        <translation>Labeling: überspringen</translation>
    </message>
    <message>
        <source>Labeling: rate %1</source>
        <translation>Labeling: mit %1 bewerten</translation>
    </message>
    <message>
        <source>Labeling: clear the rating</source>
        <translation>Labeling: Bewertung entfernen</translation>
    </message>
    <message>
        <source>Labeling: add a label</source>
        <translation>Labeling: Label hinzufügen</translation>
    </message>
    <message>
        <source>Labeling: note</source>
        <translation>Labeling: Notiz</translation>
    </message>
    <message>
        <source>Labeling: edit the answer</source>
        <translation>Labeling: Antwort bearbeiten</translation>
    </message>
    <message>
        <source>Labeling: generate candidates</source>
        <translation>Labeling: Kandidaten generieren</translation>
    </message>
    <message>
        <source>Labeling: next example</source>
        <translation>Labeling: nächstes Beispiel</translation>
    </message>
    <message>
        <source>Labeling: previous example</source>
        <translation>Labeling: vorheriges Beispiel</translation>
    </message>
    <message>
        <source>Labeling: undo</source>
        <translation>Labeling: rückgängig</translation>
    </message>
    <message>
        <source>Labeling: search</source>
        <translation>Labeling: suchen</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Open a workspace to label datasets.</source>
        <translation>Öffnen Sie einen Arbeitsbereich, um Datensätze zu labeln.</translation>
    </message>
    <message>
        <source>Import a JSONL file or pick a dataset on the left.</source>
        <translation>Importieren Sie eine JSONL-Datei oder wählen Sie links einen Datensatz.</translation>
    </message>
    <message>
        <source>No example matches these filters.</source>
        <translation>Kein Beispiel passt zu diesen Filtern.</translation>
    </message>
    <message>
        <source>No dataset open</source>
        <translation>Kein Datensatz geöffnet</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2) — %3 · %4 · %5 · %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2) — %3 · %4 · %5 · %6</translation>
    </message>
    <message>
        <source>%1 of %2 labeled</source>
        <translation>%1 von %2 gelabelt</translation>
    </message>
    <message>
        <source>pace: %1</source>
        <translation>Tempo: %1</translation>
    </message>
    <message>
        <source>Cannot import into &quot;%1&quot;: %2</source>
        <translation>Import in „%1“ nicht möglich: %2</translation>
    </message>
    <message>
        <source>Importing… %1 imported · %2 duplicates · %3 bad lines</source>
        <translation>Importiere… %1 importiert · %2 Duplikate · %3 fehlerhafte Zeilen</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importiere %1…</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>Exportiere nach %1…</translation>
    </message>
    <message>
        <source>Delete dataset</source>
        <translation>Datensatz löschen</translation>
    </message>
    <message>
        <source>Delete the dataset &quot;%1&quot; with its %2 examples, labels and history? This cannot be undone.</source>
        <translation>Den Datensatz „%1“ mit seinen %2 Beispielen, Labels und dem Verlauf löschen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Deleting %1…</source>
        <translation>Lösche %1…</translation>
    </message>
    <message>
        <source>Import of %1 failed: %2</source>
        <translation>Import von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Deleting %1 failed: %2</source>
        <translation>Löschen von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Export to %1 failed: %2</source>
        <translation>Export nach %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Exported %1 training and %2 validation examples to %3 (%4 skipped)</source>
        <translation>%1 Trainings- und %2 Validierungsbeispiele nach %3 exportiert (%4 übersprungen)</translation>
    </message>
    <message>
        <source>Exported %1 examples to %2 (%3 skipped: not expressible in this format)</source>
        <translation>%1 Beispiele nach %2 exportiert (%3 übersprungen: in diesem Format nicht darstellbar)</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>%1 gelöscht.</translation>
    </message>
    <message>
        <source>Import a dataset</source>
        <translation>Einen Datensatz importieren</translation>
    </message>
    <message>
        <source>Datasets (*.jsonl *.json *.csv *.tsv);;All files (*)</source>
        <translation>Datensätze (*.jsonl *.json *.csv *.tsv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Labeling: save an edited message</source>
        <translation>Labeling: bearbeitete Nachricht speichern</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Strg+Eingabe</translation>
    </message>
    <message>
        <source>Labeling: cancel an edit, a label or a note</source>
        <translation>Labeling: Bearbeitung, Label oder Notiz abbrechen</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
</context>
<context>
    <name>triad::widgets::LocalModelController</name>
    <message>
        <source>Could not read the list of local models from the workspace: %1</source>
        <translation>Die Liste der lokalen Modelle konnte nicht aus dem Arbeitsbereich gelesen werden: %1</translation>
    </message>
    <message>
        <source>No .gguf files in “%1” (subfolders are not searched).</source>
        <translation>Keine .gguf-Dateien in „%1“ (Unterordner werden nicht durchsucht).</translation>
    </message>
    <message>
        <source>file not found: %1</source>
        <translation>Datei nicht gefunden: %1</translation>
    </message>
    <message>
        <source>%1 could not be read</source>
        <translation>%1 konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Could not save the list of local models: %1</source>
        <translation>Die Liste der lokalen Modelle konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>%1 is no longer in the engine&apos;s catalogue</source>
        <translation>%1 ist nicht mehr im Katalog der Engine</translation>
    </message>
    <message numerus="yes">
        <source>Local: %n loaded, %1</source>
        <translation>
            <numerusform>Lokal: %n geladen, %1</numerusform>
            <numerusform>Lokal: %n geladen, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>the model %1 could not be added</source>
        <translation>das Modell %1 konnte nicht hinzugefügt werden</translation>
    </message>
    <message>
        <source>%1 is not a model in the list, so the adapter %2 cannot be added to it</source>
        <translation>%1 ist kein Modell der Liste, daher kann der Adapter %2 nicht hinzugefügt werden</translation>
    </message>
</context>
<context>
    <name>triad::widgets::LocalModelTableModel</name>
    <message>
        <source>%1 (fallback)</source>
        <translation>%1 (Ersatz)</translation>
    </message>
    <message>
        <source>%1
Use in the playground: double-click (when loaded)</source>
        <translation>%1
Im Playground verwenden: Doppelklick (wenn geladen)</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 Parameter</translation>
    </message>
    <message>
        <source>Not loaded: no memory in use</source>
        <translation>Nicht geladen: kein Speicher belegt</translation>
    </message>
    <message>
        <source>Mapped file %1 · KV cache and scratch %2 (%3 positions)</source>
        <translation>Gemappte Datei %1 · KV-Cache und Zwischenpuffer %2 (%3 Positionen)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>↳ %1 (adapter)</source>
        <translation>↳ %1 (Adapter)</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>LoRA adapter %1
of %2
Use in the playground: double-click (when the model is loaded)</source>
        <translation>LoRA-Adapter %1
zu %2
Im Playground verwenden: Doppelklick (wenn das Modell geladen ist)</translation>
    </message>
    <message>
        <source>Adapter factors in F32, held by the model&apos;s worker</source>
        <translation>Adapter-Faktoren in F32, gehalten vom Worker des Modells</translation>
    </message>
</context>
<context>
    <name>triad::widgets::LocalModelsStatus</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>triad::widgets::MainWindow</name>
    <message>
        <source>Playground</source>
        <translation>Playground</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>Compare models side by side (Ctrl+Shift+1)</source>
        <translation>Modelle direkt vergleichen (Strg+Umschalt+1)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New workspace…</source>
        <translation>&amp;Neuer Arbeitsbereich…</translation>
    </message>
    <message>
        <source>&amp;Open workspace…</source>
        <translation>Arbeitsbereich ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <source>&amp;New session</source>
        <translation>&amp;Neue Sitzung</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>&amp;Duplizieren</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>A&amp;usführen</translation>
    </message>
    <message>
        <source>&amp;Run all panes</source>
        <translation>&amp;Alle Spalten ausführen</translation>
    </message>
    <message>
        <source>&amp;Stop all</source>
        <translation>Alle &amp;stoppen</translation>
    </message>
    <message>
        <source>&amp;Add pane</source>
        <translation>Spalte &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>&amp;Playground</translation>
    </message>
    <message>
        <source>P&amp;roviders</source>
        <translation>P&amp;rovider</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Your price table could not be read: %1</source>
        <translation>Ihre Preistabelle konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Triad — no workspace open</source>
        <translation>Triad — kein Arbeitsbereich geöffnet</translation>
    </message>
    <message>
        <source>Triad — %1</source>
        <translation>Triad — %1</translation>
    </message>
    <message>
        <source>New workspace</source>
        <translation>Neuer Arbeitsbereich</translation>
    </message>
    <message>
        <source>Triad workspaces (*.triad)</source>
        <translation>Triad-Arbeitsbereiche (*.triad)</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <source>Triad workspaces (*.triad);;All files (*)</source>
        <translation>Triad-Arbeitsbereiche (*.triad);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Focus pane 1…6</source>
        <translation>Spalte 1…6 fokussieren</translation>
    </message>
    <message>
        <source>Ctrl+1 … Ctrl+6</source>
        <translation>Strg+1 … Strg+6</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Local GGUF models: add, load, unload (Ctrl+Shift+2)</source>
        <translation>Lokale GGUF-Modelle: hinzufügen, laden, entladen (Strg+Umschalt+2)</translation>
    </message>
    <message>
        <source>Endpoints, keys and models (Ctrl+Shift+3)</source>
        <translation>Endpunkte, Schlüssel und Modelle (Strg+Umschalt+3)</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>&amp;Modelle</translation>
    </message>
    <message>
        <source>Models: add files</source>
        <translation>Modelle: Dateien hinzufügen</translation>
    </message>
    <message>
        <source>Insert</source>
        <translation>Einfg</translation>
    </message>
    <message>
        <source>Models: load / unload the selected</source>
        <translation>Modelle: ausgewähltes laden / entladen</translation>
    </message>
    <message>
        <source>Ctrl+L / Ctrl+U</source>
        <translation>Strg+L / Strg+U</translation>
    </message>
    <message>
        <source>Models: use the selected in the playground</source>
        <translation>Modelle: ausgewähltes im Playground verwenden</translation>
    </message>
    <message>
        <source>Ctrl+P or Enter</source>
        <translation>Strg+P oder Eingabe</translation>
    </message>
    <message>
        <source>Models: remove the selected from the list</source>
        <translation>Modelle: ausgewähltes aus der Liste entfernen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Entf</translation>
    </message>
    <message>
        <source>Labeling</source>
        <translation>Annotation</translation>
    </message>
    <message>
        <source>Label fine-tuning datasets at keyboard speed (Ctrl+Shift+4)</source>
        <translation>Fine-Tuning-Datensätze in Tastaturgeschwindigkeit labeln (Strg+Umschalt+4)</translation>
    </message>
    <message>
        <source>&amp;Labeling</source>
        <translation>A&amp;nnotation</translation>
    </message>
    <message>
        <source>&amp;Command palette…</source>
        <translation>&amp;Befehlspalette…</translation>
    </message>
    <message>
        <source>Open session: %1</source>
        <translation>Sitzung öffnen: %1</translation>
    </message>
    <message>
        <source>session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Use model: %1 / %2</source>
        <translation>Modell verwenden: %1 / %2</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
</context>
<context>
    <name>triad::widgets::MarkdownView</name>
    <message>
        <source>Copy as Markdown</source>
        <translation>Als Markdown kopieren</translation>
    </message>
</context>
<context>
    <name>triad::widgets::MessageBubble</name>
    <message>
        <source>Train on this message or not (weight 1 / 0)</source>
        <translation>Auf dieser Nachricht trainieren oder nicht (Gewicht 1 / 0)</translation>
    </message>
    <message>
        <source>Move this turn up</source>
        <translation>Diesen Beitrag nach oben</translation>
    </message>
    <message>
        <source>Move this turn down</source>
        <translation>Diesen Beitrag nach unten</translation>
    </message>
    <message>
        <source>Remove this turn</source>
        <translation>Diesen Beitrag entfernen</translation>
    </message>
    <message>
        <source>Edit this message (E edits the answer)</source>
        <translation>Diese Nachricht bearbeiten (E bearbeitet die Antwort)</translation>
    </message>
    <message>
        <source>Ctrl+Enter saves · Esc cancels</source>
        <translation>Strg+Eingabe speichert · Esc bricht ab</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>chosen ✓</source>
        <translation>gewählt ✓</translation>
    </message>
    <message>
        <source>rejected ✗</source>
        <translation>abgelehnt ✗</translation>
    </message>
    <message>
        <source>weight 0</source>
        <translation>Gewicht 0</translation>
    </message>
    <message>
        <source>weight 1</source>
        <translation>Gewicht 1</translation>
    </message>
    <message>
        <source>Weight 0: kept as context, not trained on</source>
        <translation>Gewicht 0: bleibt als Kontext, wird nicht trainiert</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ModelDetailsPanel</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Select a model to see everything its file says about it.</source>
        <translation>Wählen Sie ein Modell, um alles zu sehen, was seine Datei darüber verrät.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Playground target</source>
        <translation>Ziel im Playground</translation>
    </message>
    <message>
        <source>Local models / %1</source>
        <translation>Lokale Modelle / %1</translation>
    </message>
    <message>
        <source>Not supported</source>
        <translation>Nicht unterstützt</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Embedding length</source>
        <translation>Embedding-Länge</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>Trainierter Kontext</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Context in use</source>
        <translation>Genutzter Kontext</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>Mix (by bytes)</source>
        <translation>Mischung (nach Bytes)</translation>
    </message>
    <message>
        <source>Tensor bytes by type</source>
        <translation>Tensor-Bytes nach Typ</translation>
    </message>
    <message>
        <source>Tensors</source>
        <translation>Tensoren</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>Dateigröße</translation>
    </message>
    <message>
        <source>Read per token</source>
        <translation>Gelesen pro Token</translation>
    </message>
    <message>
        <source>Tokenizer and chat</source>
        <translation>Tokenizer und Chat</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Chat-Template</translation>
    </message>
    <message>
        <source>Template note</source>
        <translation>Hinweis zum Template</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Mapped file</source>
        <translation>Gemappte Datei</translation>
    </message>
    <message>
        <source>KV cache and scratch</source>
        <translation>KV-Cache und Zwischenpuffer</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>none (not loaded)</source>
        <translation>nichts (nicht geladen)</translation>
    </message>
    <message>
        <source> (pre-tokenizer: %1)</source>
        <translation> (Pre-Tokenizer: %1)</translation>
    </message>
    <message>
        <source>%1 (LoRA adapter)</source>
        <translation>%1 (LoRA-Adapter)</translation>
    </message>
    <message>
        <source>Adapts</source>
        <translation>Passt an</translation>
    </message>
    <message>
        <source>when the model is loaded</source>
        <translation>wenn das Modell geladen ist</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Skalierung</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ModelsView</name>
    <message>
        <source>Add files…</source>
        <translation>Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Add GGUF files to the list</source>
        <translation>GGUF-Dateien zur Liste hinzufügen</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Add every .gguf file in a folder (not its subfolders)</source>
        <translation>Alle .gguf-Dateien eines Ordners hinzufügen (ohne Unterordner)</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>Laden</translation>
    </message>
    <message>
        <source>Load the selected models into memory</source>
        <translation>Ausgewählte Modelle in den Speicher laden</translation>
    </message>
    <message>
        <source>Unload</source>
        <translation>Entladen</translation>
    </message>
    <message>
        <source>Stop the selected models and free their memory</source>
        <translation>Ausgewählte Modelle stoppen und ihren Speicher freigeben</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the selected models from the list; the files stay on disk</source>
        <translation>Ausgewählte Modelle aus der Liste entfernen; die Dateien bleiben auf dem Datenträger</translation>
    </message>
    <message>
        <source>Use in playground</source>
        <translation>Im Playground verwenden</translation>
    </message>
    <message>
        <source>Answer with the selected model in a playground pane</source>
        <translation>Mit dem ausgewählten Modell in einer Playground-Spalte antworten</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>Diese Meldung ausblenden</translation>
    </message>
    <message>
        <source>No local models yet</source>
        <translation>Noch keine lokalen Modelle</translation>
    </message>
    <message>
        <source>Local models run on Triad&apos;s own engine, on this computer: no key, no network, no price per token. Add a GGUF file (llama or qwen2 architecture, for example SmolLM, TinyLlama, Llama 3.2 or Qwen2.5 from Hugging Face), load it, and compare it with remote models side by side in the playground.</source>
        <translation>Lokale Modelle laufen mit Triads eigener Engine auf diesem Computer: kein Schlüssel, kein Netzwerk, kein Preis pro Token. Fügen Sie eine GGUF-Datei hinzu (Architektur llama oder qwen2, zum Beispiel SmolLM, TinyLlama, Llama 3.2 oder Qwen2.5 von Hugging Face), laden Sie sie und vergleichen Sie sie im Playground direkt mit entfernten Modellen.</translation>
    </message>
    <message>
        <source>Add a GGUF file…</source>
        <translation>GGUF-Datei hinzufügen…</translation>
    </message>
    <message>
        <source>Add a folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>or drop .gguf files here</source>
        <translation>oder .gguf-Dateien hierher ziehen</translation>
    </message>
    <message>
        <source>Add GGUF models</source>
        <translation>GGUF-Modelle hinzufügen</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF-Modelle (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Add the GGUF models of a folder</source>
        <translation>GGUF-Modelle eines Ordners hinzufügen</translation>
    </message>
    <message>
        <source>reading files…</source>
        <translation>Dateien werden gelesen…</translation>
    </message>
    <message>
        <source>nothing loaded</source>
        <translation>nichts geladen</translation>
    </message>
    <message numerus="yes">
        <source>%n loaded · %1 in use</source>
        <translation>
            <numerusform>%n geladen · %1 belegt</numerusform>
            <numerusform>%n geladen · %1 belegt</numerusform>
        </translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>Nicht hinzugefügt: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) not added:</source>
        <translation>
            <numerusform>%n Datei nicht hinzugefügt:</numerusform>
            <numerusform>%n Dateien nicht hinzugefügt:</numerusform>
        </translation>
    </message>
    <message>
        <source>Add adapter…</source>
        <translation>Adapter hinzufügen…</translation>
    </message>
    <message>
        <source>Add a LoRA adapter (GGUF) to the selected model: base + adapter becomes a playground target of its own</source>
        <translation>Einen LoRA-Adapter (GGUF) zum gewählten Modell hinzufügen: Basis + Adapter wird ein eigenes Ziel im Playground</translation>
    </message>
    <message>
        <source>Add a LoRA adapter to %1</source>
        <translation>Einen LoRA-Adapter zu %1 hinzufügen</translation>
    </message>
    <message>
        <source>LoRA adapters (*.gguf);;All files (*)</source>
        <translation>LoRA-Adapter (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Select one model to add the adapter %1 to.</source>
        <translation>Wählen Sie ein Modell, zu dem der Adapter %1 hinzugefügt wird.</translation>
    </message>
    <message>
        <source>Adapter not added: %1</source>
        <translation>Adapter nicht hinzugefügt: %1</translation>
    </message>
</context>
<context>
    <name>triad::widgets::PaneParamsDialog</name>
    <message>
        <source>Parameters of pane %1</source>
        <translation>Parameter von Spalte %1</translation>
    </message>
    <message>
        <source>Same as pane 1</source>
        <translation>Wie Spalte 1</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Randomness of sampling; 0 picks the most likely token.</source>
        <translation>Zufälligkeit beim Sampling; 0 wählt immer das wahrscheinlichste Token.</translation>
    </message>
    <message>
        <source>Top p</source>
        <translation>Top p</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens whose probabilities add up to p.</source>
        <translation>Nur aus den wahrscheinlichsten Tokens wählen, deren Wahrscheinlichkeiten zusammen p ergeben.</translation>
    </message>
    <message>
        <source>Top k</source>
        <translation>Top k</translation>
    </message>
    <message>
        <source>Sample only from the k most likely tokens (not every provider supports it).</source>
        <translation>Nur aus den k wahrscheinlichsten Tokens wählen (nicht jeder Provider unterstützt das).</translation>
    </message>
    <message>
        <source>Min p</source>
        <translation>Min p</translation>
    </message>
    <message>
        <source>Drop tokens less likely than p times the most likely one (not every provider supports it).</source>
        <translation>Tokens verwerfen, die weniger wahrscheinlich sind als p mal das wahrscheinlichste (nicht jeder Provider unterstützt das).</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>Max. Tokens</translation>
    </message>
    <message>
        <source>Longest answer, in tokens.</source>
        <translation>Maximale Antwortlänge in Tokens.</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Same seed and parameters give the same answer where the provider supports it.</source>
        <translation>Gleicher Seed und gleiche Parameter ergeben dieselbe Antwort, sofern der Provider das unterstützt.</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>Presence Penalty</translation>
    </message>
    <message>
        <source>Positive values favour tokens not used yet.</source>
        <translation>Positive Werte bevorzugen Tokens, die noch nicht vorkamen.</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>Frequency Penalty</translation>
    </message>
    <message>
        <source>Positive values penalise tokens by how often they were used.</source>
        <translation>Positive Werte bestrafen Tokens nach der Häufigkeit ihres Vorkommens.</translation>
    </message>
    <message>
        <source>One stop sequence per line</source>
        <translation>Eine Stoppsequenz pro Zeile</translation>
    </message>
    <message>
        <source>Stop sequences</source>
        <translation>Stoppsequenzen</translation>
    </message>
    <message numerus="yes">
        <source>%n stop(s)</source>
        <translation>
            <numerusform>%n Stopp</numerusform>
            <numerusform>%n Stopps</numerusform>
        </translation>
    </message>
    <message>
        <source>provider defaults</source>
        <translation>Vorgaben des Providers</translation>
    </message>
</context>
<context>
    <name>triad::widgets::PaneWidget</name>
    <message>
        <source>Pane number (Ctrl+1…6 moves the focus here)</source>
        <translation>Spaltennummer (Strg+1…6 setzt den Fokus hierher)</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>Model (type a name when the provider does not list it)</source>
        <translation>Modell (Namen eingeben, wenn der Provider es nicht auflistet)</translation>
    </message>
    <message>
        <source>model name</source>
        <translation>Modellname</translation>
    </message>
    <message>
        <source>Close this pane</source>
        <translation>Diese Spalte schließen</translation>
    </message>
    <message>
        <source>Parameters of this pane</source>
        <translation>Parameter dieser Spalte</translation>
    </message>
    <message>
        <source>Show or hide the model&apos;s reasoning</source>
        <translation>Denkprozess des Modells ein- oder ausblenden</translation>
    </message>
    <message>
        <source>Write a message above and press Ctrl+Enter to run every pane.</source>
        <translation>Schreiben Sie oben eine Nachricht und drücken Sie Strg+Enter, um alle Spalten auszuführen.</translation>
    </message>
    <message>
        <source>Time to first token · output tokens per second · prompt→answer tokens · cost · total time. ~ marks estimates, — a figure that is not known.</source>
        <translation>Zeit bis zum ersten Token · Ausgabe-Tokens pro Sekunde · Prompt→Antwort-Tokens · Kosten · Gesamtzeit. ~ kennzeichnet Schätzwerte, — einen unbekannten Wert.</translation>
    </message>
    <message>
        <source>■ Stop</source>
        <translation>■ Stopp</translation>
    </message>
    <message>
        <source>Stop this pane (Esc stops all)</source>
        <translation>Diese Spalte stoppen (Esc stoppt alle)</translation>
    </message>
    <message>
        <source>↻ Rerun</source>
        <translation>↻ Wiederholen</translation>
    </message>
    <message>
        <source>Run this pane again</source>
        <translation>Diese Spalte erneut ausführen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the answer as Markdown</source>
        <translation>Antwort als Markdown kopieren</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Continue the conversation with this answer</source>
        <translation>Unterhaltung mit dieser Antwort fortsetzen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export this pane&apos;s request</source>
        <translation>Anfrage dieser Spalte exportieren</translation>
    </message>
    <message>
        <source>curl</source>
        <translation>curl</translation>
    </message>
    <message>
        <source>Python (SDK)</source>
        <translation>Python (SDK)</translation>
    </message>
    <message>
        <source>JSON body</source>
        <translation>JSON-Body</translation>
    </message>
    <message>
        <source>%1 (not configured)</source>
        <translation>%1 (nicht eingerichtet)</translation>
    </message>
    <message>
        <source>No provider</source>
        <translation>Kein Provider</translation>
    </message>
    <message>
        <source>%1 (as pane 1)</source>
        <translation>%1 (wie Spalte 1)</translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation>Warte auf das erste Token…</translation>
    </message>
    <message>
        <source>Retrying: %1</source>
        <translation>Neuer Versuch: %1</translation>
    </message>
    <message>
        <source>Stopped before any text arrived.</source>
        <translation>Gestoppt, bevor Text ankam.</translation>
    </message>
    <message>
        <source>Stopped after %1 — the text above is what had arrived.</source>
        <translation>Nach %1 gestoppt — oben steht der bis dahin empfangene Text.</translation>
    </message>
    <message>
        <source>The answer stopped at the token limit (max tokens).</source>
        <translation>Die Antwort endete am Token-Limit (Max. Tokens).</translation>
    </message>
    <message>
        <source>The provider&apos;s content filter ended the answer.</source>
        <translation>Der Inhaltsfilter des Providers hat die Antwort beendet.</translation>
    </message>
    <message>
        <source>No text in this answer.</source>
        <translation>Diese Antwort enthält keinen Text.</translation>
    </message>
    <message numerus="yes">
        <source>Reasoning (%n characters)</source>
        <translation>
            <numerusform>Denkprozess (%n Zeichen)</numerusform>
            <numerusform>Denkprozess (%n Zeichen)</numerusform>
        </translation>
    </message>
    <message>
        <source>Add to dataset…</source>
        <translation>Zum Datensatz hinzufügen…</translation>
    </message>
    <message>
        <source>Keep this conversation and answer as an example to label</source>
        <translation>Diese Unterhaltung und Antwort als Beispiel zum Labeln behalten</translation>
    </message>
</context>
<context>
    <name>triad::widgets::PlaygroundView</name>
    <message>
        <source>Compare models side by side: add an OpenAI-compatible or Anthropic endpoint, pick a model per pane, write a message and press Ctrl+Enter. &lt;a href=&quot;add&quot;&gt;Add a provider…&lt;/a&gt;</source>
        <translation>Modelle direkt vergleichen: Fügen Sie einen OpenAI-kompatiblen oder Anthropic-Endpunkt hinzu, wählen Sie pro Spalte ein Modell, schreiben Sie eine Nachricht und drücken Sie Strg+Enter. &lt;a href=&quot;add&quot;&gt;Provider hinzufügen…&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Untitled session</source>
        <translation>Unbenannte Sitzung</translation>
    </message>
    <message>
        <source>Rename session</source>
        <translation>Sitzung umbenennen</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Delete session</source>
        <translation>Sitzung löschen</translation>
    </message>
    <message>
        <source>Delete the session &quot;%1&quot; and all of its runs? This cannot be undone.</source>
        <translation>Die Sitzung „%1“ und alle ihre Läufe löschen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>The session could not be saved: %1</source>
        <translation>Die Sitzung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Write a message first: it is sent to every pane.</source>
        <translation>Schreiben Sie zuerst eine Nachricht: Sie wird an alle Spalten gesendet.</translation>
    </message>
    <message>
        <source>Choose a provider for this pane first (add one under Providers).</source>
        <translation>Wählen Sie zuerst einen Provider für diese Spalte (fügen Sie unter „Provider“ einen hinzu).</translation>
    </message>
    <message>
        <source>Choose or type a model name for this pane first.</source>
        <translation>Wählen Sie zuerst ein Modell für diese Spalte oder geben Sie einen Modellnamen ein.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Pane %1 has no configured endpoint to export for (&quot;%2&quot; is not a provider added under Providers).</source>
        <translation>Spalte %1 hat keinen eingerichteten Endpunkt für den Export („%2“ ist kein unter „Provider“ hinzugefügter Provider).</translation>
    </message>
    <message>
        <source>curl</source>
        <translation>curl</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Pane %1 as %2</source>
        <translation>Spalte %1 als %2</translation>
    </message>
    <message>
        <source>This pane has no answer to add yet.</source>
        <translation>Dieser Bereich hat noch keine Antwort zum Hinzufügen.</translation>
    </message>
    <message>
        <source>Already in &quot;%1&quot; (the same conversation was added before).</source>
        <translation>Bereits in „%1“ (dieselbe Unterhaltung wurde schon hinzugefügt).</translation>
    </message>
    <message>
        <source>Added to &quot;%1&quot; as example #%2: review it in Labeling.</source>
        <translation>Zu „%1“ als Beispiel Nr. %2 hinzugefügt: prüfen Sie es im Labeling.</translation>
    </message>
    <message>
        <source>Could not add to &quot;%1&quot;: %2</source>
        <translation>Konnte nicht zu „%1“ hinzufügen: %2</translation>
    </message>
    <message>
        <source>playground</source>
        <translation>Playground</translation>
    </message>
</context>
<context>
    <name>triad::widgets::PriceTableEditor</name>
    <message>
        <source>Filter by provider or model…</source>
        <translation>Nach Provider oder Modell filtern…</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Input $/1M tok</source>
        <translation>Eingabe $/1 Mio. tok</translation>
    </message>
    <message>
        <source>Output $/1M tok</source>
        <translation>Ausgabe $/1 Mio. tok</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Add price</source>
        <translation>Preis hinzufügen</translation>
    </message>
    <message>
        <source>Add a price for a model that has none (a fine-tune, a custom endpoint).</source>
        <translation>Einen Preis für ein Modell ohne Preis hinzufügen (ein Fine-Tune, ein eigener Endpunkt).</translation>
    </message>
    <message>
        <source>Reset to default</source>
        <translation>Auf Standard zurücksetzen</translation>
    </message>
    <message>
        <source>Forget your prices for the selected rows and use the built-in ones.</source>
        <translation>Ihre Preise für die ausgewählten Zeilen verwerfen und die eingebauten verwenden.</translation>
    </message>
    <message>
        <source>Your saved prices could not be read (%1); the defaults are shown.</source>
        <translation>Ihre gespeicherten Preise konnten nicht gelesen werden (%1); angezeigt werden die Standardpreise.</translation>
    </message>
    <message>
        <source>Your saved prices could not be read: %1</source>
        <translation>Ihre gespeicherten Preise konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>yours</source>
        <translation>Ihr Preis</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Prices in USD per million tokens. Defaults were taken from the providers&apos; pricing pages on %1 and may be out of date; edit a price to use yours. Your prices are saved in this workspace.</source>
        <translation>Preise in USD pro Million Tokens. Die Standardpreise stammen von den Preisseiten der Provider (Stand %1) und sind womöglich veraltet; bearbeiten Sie einen Preis, um Ihren eigenen zu verwenden. Ihre Preise werden in diesem Arbeitsbereich gespeichert.</translation>
    </message>
    <message>
        <source>“%1” is not a price: enter US dollars per million tokens, e.g. 0.15.</source>
        <translation>„%1“ ist kein Preis: Geben Sie US-Dollar pro Million Tokens ein, z. B. 0,15.</translation>
    </message>
    <message>
        <source>Enter the provider id (as in the provider list) and the model id exactly as sent to the API.</source>
        <translation>Geben Sie die Provider-ID (wie in der Providerliste) und die Modell-ID genau so ein, wie sie an die API gesendet wird.</translation>
    </message>
    <message>
        <source>Your prices could not be saved: %1</source>
        <translation>Ihre Preise konnten nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>triad::widgets::PromptEditor</name>
    <message>
        <source>System prompt (optional), e.g. &quot;You extract fields as JSON.&quot;</source>
        <translation>Systemprompt (optional), z. B. „Du extrahierst Felder als JSON.“</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Forget the conversation so far (the system prompt stays)</source>
        <translation>Bisherige Unterhaltung verwerfen (der Systemprompt bleibt)</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Message to send to every pane — Ctrl+Enter runs all</source>
        <translation>Nachricht an alle Spalten — Strg+Enter führt alle aus</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Tool</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ProviderDialog</name>
    <message>
        <source>Connect timeout:</source>
        <translation>Verbindungs-Timeout:</translation>
    </message>
    <message>
        <source>How long to wait for the connection to the server.</source>
        <translation>Wie lange auf die Verbindung zum Server gewartet wird.</translation>
    </message>
    <message>
        <source>Idle read timeout:</source>
        <translation>Leerlauf-Timeout:</translation>
    </message>
    <message>
        <source>How long a stream may stay silent before the request fails. Local models may need more.</source>
        <translation>Wie lange ein Stream still sein darf, bevor die Anfrage fehlschlägt. Lokale Modelle brauchen eventuell mehr.</translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation>Wiederholungen:</translation>
    </message>
    <message>
        <source>Retries for rate limits, server errors and failed connections, only before any text arrived.</source>
        <translation>Wiederholungen bei Rate-Limits, Serverfehlern und fehlgeschlagenen Verbindungen, nur solange noch kein Text angekommen ist.</translation>
    </message>
    <message>
        <source>Add provider</source>
        <translation>Provider hinzufügen</translation>
    </message>
    <message>
        <source>Custom (any OpenAI-compatible URL)</source>
        <translation>Benutzerdefiniert (beliebige OpenAI-kompatible URL)</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>&amp;Vorlage:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Basis-URL:</translation>
    </message>
    <message>
        <source>OpenAI-compatible (chat completions)</source>
        <translation>OpenAI-kompatibel (Chat Completions)</translation>
    </message>
    <message>
        <source>Anthropic (messages)</source>
        <translation>Anthropic (Messages)</translation>
    </message>
    <message>
        <source>&amp;API:</source>
        <translation>&amp;API:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>Environment variable read when no key is stored in the keychain.</source>
        <translation>Umgebungsvariable, die gelesen wird, wenn im Schlüsselbund kein Schlüssel gespeichert ist.</translation>
    </message>
    <message>
        <source>Key &amp;variable:</source>
        <translation>U&amp;mgebungsvariable:</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Lists the models with these settings and measures how long it takes.</source>
        <translation>Listet die Modelle mit diesen Einstellungen auf und misst, wie lange das dauert.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>e.g. My vLLM server</source>
        <translation>z. B. Mein vLLM-Server</translation>
    </message>
    <message>
        <source>Edit provider</source>
        <translation>Provider bearbeiten</translation>
    </message>
    <message>
        <source>Not needed for most local servers</source>
        <translation>Für die meisten lokalen Server nicht nötig</translation>
    </message>
    <message>
        <source>Paste the key</source>
        <translation>Schlüssel einfügen</translation>
    </message>
    <message>
        <source>Stored: %1 (type to replace)</source>
        <translation>Gespeichert: %1 (zum Ersetzen tippen)</translation>
    </message>
    <message>
        <source>New key: %1</source>
        <translation>Neuer Schlüssel: %1</translation>
    </message>
    <message>
        <source>The stored key will be removed.</source>
        <translation>Der gespeicherte Schlüssel wird entfernt.</translation>
    </message>
    <message>
        <source>Keys are kept in the system keychain, never in the workspace.</source>
        <translation>Schlüssel werden im Schlüsselbund des Systems aufbewahrt, nie im Arbeitsbereich.</translation>
    </message>
    <message>
        <source>No system keychain is available: a typed key is used for this session only.</source>
        <translation>Kein Schlüsselbund des Systems verfügbar: Ein eingegebener Schlüssel gilt nur bis zum Beenden von Triad.</translation>
    </message>
    <message>
        <source>%1 is set (%2) and is used when no key is stored.</source>
        <translation>%1 ist gesetzt (%2) und wird verwendet, wenn kein Schlüssel gespeichert ist.</translation>
    </message>
    <message>
        <source>%1 is not set in Triad&apos;s environment.</source>
        <translation>%1 ist in der Umgebung von Triad nicht gesetzt.</translation>
    </message>
    <message>
        <source>Enter the base URL first.</source>
        <translation>Geben Sie zuerst die Basis-URL ein.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Connected in %1 · 1 model</source>
        <translation>Verbunden in %1 · 1 Modell</translation>
    </message>
    <message>
        <source>Connected in %1 · %2 models</source>
        <translation>Verbunden in %1 · %2 Modelle</translation>
    </message>
    <message>
        <source>Failed after %1: %2</source>
        <translation>Fehlgeschlagen nach %1: %2</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ProviderRegistry</name>
    <message>
        <source>Could not read the providers from the workspace: %1</source>
        <translation>Die Provider konnten nicht aus dem Arbeitsbereich gelesen werden: %1</translation>
    </message>
    <message>
        <source>Could not read the models saved for provider “%1”: %2</source>
        <translation>Die gespeicherten Modelle des Providers „%1“ konnten nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Could not save provider “%1”: %2</source>
        <translation>Provider „%1“ konnte nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Could not remove provider “%1”: %2</source>
        <translation>Provider „%1“ konnte nicht entfernt werden: %2</translation>
    </message>
    <message>
        <source>Set an environment variable in the provider&apos;s settings to keep it across restarts.</source>
        <translation>Geben Sie in den Einstellungen des Providers eine Umgebungsvariable an, damit der Schlüssel auch nach einem Neustart verfügbar ist.</translation>
    </message>
    <message>
        <source>Set %1 in the environment to keep it across restarts.</source>
        <translation>Setzen Sie %1 in der Umgebung, damit der Schlüssel auch nach einem Neustart verfügbar ist.</translation>
    </message>
    <message>
        <source>The key for “%1” is kept for this session only: %2 %3</source>
        <translation>Der Schlüssel für „%1“ gilt nur bis zum Beenden von Triad: %2 %3</translation>
    </message>
    <message>
        <source>Provider “%1” cannot be used: %2</source>
        <translation>Provider „%1“ kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>The provider&apos;s settings are incomplete.</source>
        <translation>Die Einstellungen des Providers sind unvollständig.</translation>
    </message>
    <message>
        <source>Could not save the models of “%1”: %2</source>
        <translation>Die Modelle von „%1“ konnten nicht gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ProvidersView</name>
    <message>
        <source>No providers yet</source>
        <translation>Noch keine Provider</translation>
    </message>
    <message>
        <source>Providers are the model APIs Triad talks to: OpenAI, Anthropic, Fireworks, Groq, a local Ollama or llama.cpp server, or any OpenAI-compatible URL. Add one to compare its models side by side in the playground.</source>
        <translation>Provider sind die Modell-APIs, mit denen Triad spricht: OpenAI, Anthropic, Fireworks, Groq, ein lokaler Ollama- oder llama.cpp-Server oder jede OpenAI-kompatible URL. Fügen Sie einen hinzu, um seine Modelle im Playground direkt zu vergleichen.</translation>
    </message>
    <message>
        <source>Add a provider…</source>
        <translation>Provider hinzufügen…</translation>
    </message>
    <message>
        <source>Provider / model</source>
        <translation>Provider / Modell</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <source>Add a provider</source>
        <translation>Einen Provider hinzufügen</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the selected provider</source>
        <translation>Ausgewählten Provider bearbeiten</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the selected provider and its stored key</source>
        <translation>Ausgewählten Provider und seinen gespeicherten Schlüssel entfernen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>List the models again (F5)</source>
        <translation>Modelle neu auflisten (F5)</translation>
    </message>
    <message>
        <source>key %1</source>
        <translation>Schlüssel %1</translation>
    </message>
    <message>
        <source>key %1 from %2</source>
        <translation>Schlüssel %1 aus %2</translation>
    </message>
    <message>
        <source>%1 models (not listed yet)</source>
        <translation>%1 Modelle (noch nicht aufgelistet)</translation>
    </message>
    <message>
        <source>listing models…</source>
        <translation>Modelle werden aufgelistet…</translation>
    </message>
    <message>
        <source>%1 models</source>
        <translation>%1 Modelle</translation>
    </message>
    <message>
        <source>listing failed: %1</source>
        <translation>Auflisten fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>added by hand</source>
        <translation>manuell hinzugefügt</translation>
    </message>
    <message>
        <source>Double-click to use %1 in the playground</source>
        <translation>Doppelklicken, um %1 im Playground zu verwenden</translation>
    </message>
    <message>
        <source>Remove provider</source>
        <translation>Provider entfernen</translation>
    </message>
    <message>
        <source>Remove “%1”? Its stored key is deleted from the keychain. Sessions that use it keep their panes and history.</source>
        <translation>„%1“ entfernen? Der gespeicherte Schlüssel wird aus dem Schlüsselbund gelöscht. Sitzungen, die den Provider verwenden, behalten ihre Spalten und ihren Verlauf.</translation>
    </message>
    <message>
        <source>Add a model</source>
        <translation>Modell hinzufügen</translation>
    </message>
    <message>
        <source>Model id as the provider expects it (for example accounts/fireworks/models/llama-v3p1-8b-instruct):</source>
        <translation>Modell-ID, wie der Provider sie erwartet (zum Beispiel accounts/fireworks/models/llama-v3p1-8b-instruct):</translation>
    </message>
    <message>
        <source>Use in the playground</source>
        <translation>Im Playground verwenden</translation>
    </message>
    <message>
        <source>Remove this model</source>
        <translation>Dieses Modell entfernen</translation>
    </message>
    <message>
        <source>Edit provider…</source>
        <translation>Provider bearbeiten…</translation>
    </message>
    <message>
        <source>Refresh models</source>
        <translation>Modelle aktualisieren</translation>
    </message>
    <message>
        <source>Add a model by name…</source>
        <translation>Modell per Name hinzufügen…</translation>
    </message>
    <message>
        <source>Remove provider…</source>
        <translation>Provider entfernen…</translation>
    </message>
</context>
<context>
    <name>triad::widgets::RunHistory</name>
    <message>
        <source>&lt;b&gt;History&lt;/b&gt; — every run of this session, newest first</source>
        <translation>&lt;b&gt;Verlauf&lt;/b&gt; — alle Läufe dieser Sitzung, neueste zuerst</translation>
    </message>
    <message>
        <source>No runs yet. Each run of a pane is kept here with its figures.</source>
        <translation>Noch keine Läufe. Jeder Lauf einer Spalte wird hier mit seinen Kennzahlen festgehalten.</translation>
    </message>
    <message>
        <source>Show in its pane</source>
        <translation>In seiner Spalte anzeigen</translation>
    </message>
    <message>
        <source>Pane %1 · %2 · %3</source>
        <translation>Spalte %1 · %2 · %3</translation>
    </message>
    <message>
        <source> · stopped</source>
        <translation> · gestoppt</translation>
    </message>
    <message>
        <source> · failed</source>
        <translation> · fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>triad::widgets::SessionBar</name>
    <message>
        <source>Session:</source>
        <translation>Sitzung:</translation>
    </message>
    <message>
        <source>Switch session</source>
        <translation>Sitzung wechseln</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>New, rename, duplicate or delete sessions</source>
        <translation>Sitzungen anlegen, umbenennen, duplizieren oder löschen</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Neue Sitzung</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Show the runs of this session</source>
        <translation>Die Läufe dieser Sitzung anzeigen</translation>
    </message>
    <message>
        <source>+ Pane</source>
        <translation>+ Spalte</translation>
    </message>
    <message>
        <source>Add a pane (up to 6)</source>
        <translation>Spalte hinzufügen (bis zu 6)</translation>
    </message>
    <message>
        <source>Run all  Ctrl+⏎</source>
        <translation>Alle ausführen  Strg+⏎</translation>
    </message>
    <message>
        <source>Run every pane (Ctrl+Enter)</source>
        <translation>Alle Spalten ausführen (Strg+Enter)</translation>
    </message>
    <message>
        <source>■ Stop all</source>
        <translation>■ Alle stoppen</translation>
    </message>
    <message>
        <source>Stop every running pane (Esc)</source>
        <translation>Alle laufenden Spalten stoppen (Esc)</translation>
    </message>
</context>
<context>
    <name>triad::widgets::ShortcutsOverlay</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
</context>
<context>
    <name>triad::widgets::StatusIndicator</name>
    <message>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) streaming</source>
        <translation>
            <numerusform>%n Anfrage läuft</numerusform>
            <numerusform>%n Anfragen laufen</numerusform>
        </translation>
    </message>
    <message>
        <source>· online</source>
        <translation>· online</translation>
    </message>
    <message>
        <source>The last run reached its provider.</source>
        <translation>Der letzte Lauf hat seinen Provider erreicht.</translation>
    </message>
    <message>
        <source>· offline?</source>
        <translation>· offline?</translation>
    </message>
    <message>
        <source>The last run could not reach %1: %2</source>
        <translation>Der letzte Lauf konnte %1 nicht erreichen: %2</translation>
    </message>
</context>
<context>
    <name>triad::widgets::WorkspaceController</name>
    <message>
        <source>“%1” was written by a newer version of Triad. This version cannot read it and has left it unchanged. Update Triad to open it, or choose another workspace.</source>
        <translation>„%1“ wurde von einer neueren Version von Triad geschrieben. Diese Version kann die Datei nicht lesen und hat sie unverändert gelassen. Aktualisieren Sie Triad, um sie zu öffnen, oder wählen Sie einen anderen Arbeitsbereich.</translation>
    </message>
    <message>
        <source>“%1” is not a Triad workspace. It was left unchanged.</source>
        <translation>„%1“ ist kein Triad-Arbeitsbereich. Die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>The workspace “%1” could not be opened.</source>
        <translation>Der Arbeitsbereich „%1“ konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Cannot open workspace</source>
        <translation>Arbeitsbereich kann nicht geöffnet werden</translation>
    </message>
</context>
</TS>
