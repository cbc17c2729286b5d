"""Gradio's own widget texts in Danish ("Drop File Here" -> "Slip filen her", "Click to Upload", ...).

Gradio 6 translates its widgets in the browser with svelte-i18n, from the
browser's language; it ships no Danish, so a Danish browser falls back to
English.  Two parts make every Gradio text Danish:

* :func:`i18n` gives ``launch(i18n=...)`` the Danish texts under flat dotted
  keys (``"upload_text.drop_file"``) for ``en`` (and ``da``): svelte-i18n looks
  a flat key up before Gradio's nested English one, so the Danish text wins.
* :data:`HEAD_SCRIPT`, put into every HTML page by
  :class:`rewriter.web.guard.Guard` (before Gradio's own scripts run), makes
  the page ``lang="da"``, tells Gradio the browser's language is ``da`` (so a
  browser set to German or Swedish does not get Gradio's German or Swedish),
  rewrites the texts Gradio writes without its i18n (:data:`PAGE_TEXTS`:
  ``aria-label="Upload file"``, "Clear", "processing", the login form, which
  Gradio shows before the translations are loaded) and shows a Danish message
  when a login is refused for too many attempts (HTTP 429).

The keys are Gradio 6.x's (``js/core/src/lang/en.json``).
"""

from __future__ import annotations

import json

MESSAGES: dict[str, str] = {
    "3D_model.3d_model": "3D-model",
    "3D_model.drop_to_upload": "Slip en 3D-model (.obj, .glb, .stl, .gltf, .splat eller .ply) her for at uploade",
    "annotated_image.annotated_image": "Billede med markeringer",
    "audio.allow_recording_access": "Giv adgang til mikrofonen for at optage.",
    "audio.audio": "Lyd",
    "audio.drop_to_upload": "Slip en lydfil her for at uploade",
    "audio.record_from_microphone": "Optag fra mikrofonen",
    "audio.stop_recording": "Stop optagelsen",
    "audio.no_device_support": "Der er ikke adgang til medieenheder. Brug en sikker forbindelse (https) eller "
                               "localhost, og giv browseren adgang til enheden.",
    "audio.stop": "Stop",
    "audio.resume": "Fortsæt",
    "audio.record": "Optag",
    "audio.no_microphone": "Ingen mikrofon fundet",
    "audio.recording_error": "Optagelsen fra mikrofonen kunne ikke starte.",
    "audio.pause": "Pause",
    "audio.play": "Afspil",
    "audio.waiting": "Venter",
    "blocks.connection_can_break": "På en mobil kan forbindelsen blive afbrudt, hvis fanen ikke er i fokus, eller "
                                   "enheden går i dvale; så mister du din plads i køen.",
    "blocks.long_requests_queue": "Der er en lang kø af forespørgsler. Prøv igen om lidt.",
    "blocks.lost_connection": "Forbindelsen blev afbrudt, fordi siden blev forladt. Stiller dig i kø igen …",
    "blocks.waiting_for_inputs": "Venter på, at filen bliver færdig med at uploade. Prøv igen.",
    "chatbot.edit": "Rediger",
    "chatbot.retry": "Prøv igen",
    "chatbot.undo": "Fortryd",
    "chatbot.submit": "Send",
    "chatbot.cancel": "Annuller",
    "chatbot.like": "Synes godt om",
    "chatbot.dislike": "Synes ikke om",
    "chatbot.clear": "Ryd",
    "chatbot.complete": "Færdig",
    "chatbot.copy_message": "Kopier beskeden",
    "chatbot.copied_message": "Beskeden er kopieret",
    "chat_interface.new_chat": "Ny samtale",
    "chat_interface.message_placeholder": "Skriv en besked …",
    "chat_interface.additional_inputs": "Flere felter",
    "chat_interface.chatbot": "Chatbot",
    "chat_interface.conversation": "Samtale",
    "checkbox.checkbox": "Afkrydsningsfelt",
    "checkbox.checkbox_group": "Afkrydsningsfelter",
    "code.code": "Kode",
    "color_picker.color_picker": "Farvevælger",
    "common.built_with": "lavet med",
    "common.built_with_gradio": "Lavet med Gradio",
    "common.clear": "Ryd",
    "common.download": "Hent",
    "common.download_all": "Hent alle",
    "common.edit": "Rediger",
    "common.empty": "Tom",
    "common.error": "Fejl",
    "common.hosted_on": "Kører på",
    "common.loading": "Indlæser",
    "common.logo": "logo",
    "common.or": "eller",
    "common.remove": "Fjern",
    "common.runs": "Kørsler",
    "common.runs_description": "Se kørsler, der er gemt i denne browser",
    "common.back_to_app": "Appen",
    "common.back_to_app_description": "Tilbage til appen",
    "common.settings": "Indstillinger",
    "common.share": "Del",
    "common.submit": "Send",
    "common.undo": "Fortryd",
    "common.no_devices": "Ingen enheder fundet",
    "common.language": "Sprog",
    "common.display_theme": "Farvetema",
    "common.pwa": "Progressiv webapp",
    "common.progress": "Fremdrift",
    "common.record": "Optag",
    "common.stop_recording": "Stop optagelsen",
    "common.screen_studio": "Skærmoptagelse",
    "common.share_gradio_tab": "[Deling] Gradio-fane",
    "common.run": "Kør",
    "dataframe.incorrect_format": "Forkert format: kun CSV- og TSV-filer kan bruges",
    "dataframe.new_column": "Tilføj kolonne",
    "dataframe.new_row": "Ny række",
    "dataframe.add_row_above": "Tilføj række over",
    "dataframe.add_row_below": "Tilføj række under",
    "dataframe.delete_row": "Slet række",
    "dataframe.delete_column": "Slet kolonne",
    "dataframe.add_column_left": "Tilføj kolonne til venstre",
    "dataframe.add_column_right": "Tilføj kolonne til højre",
    "dataframe.sort_column": "Sorter kolonne",
    "dataframe.sort_ascending": "Sorter stigende",
    "dataframe.sort_descending": "Sorter faldende",
    "dataframe.drop_to_upload": "Slip CSV- eller TSV-filer her for at indlæse data i tabellen",
    "dataframe.import_empty_file": "Filen er tom.",
    "dataframe.import_no_column_names": "Filen har ingen kolonnenavne.",
    "dataframe.import_ragged_row": "Linje {line} i filen har {fields} felter, overskriften har {columns}.",
    "dataframe.import_static_columns": "Kan ikke indlæse i en tabel med skrivebeskyttede kolonner.",
    "dataframe.import_fixed_columns": "Tabellen har præcis {expected} kolonner, filen har {actual}.",
    "dataframe.import_fixed_rows": "Tabellen har præcis {expected} rækker, filen har {actual}.",
    "dataframe.clear_sort": "Fjern sortering",
    "dataframe.filter": "Filtrer",
    "dataframe.clear_filter": "Fjern filtre",
    "dropdown.dropdown": "Rulleliste",
    "errors.build_error": "der er en fejl i opbygningen",
    "errors.config_error": "der er en fejl i konfigurationen",
    "errors.contact_page_author": "Kontakt den, der driver siden, og fortæl om fejlen.",
    "errors.no_app_file": "der er ingen app-fil",
    "errors.runtime_error": "der er opstået en fejl under kørslen",
    "errors.space_not_working": "\"Siden virker ikke, fordi\" {0}",
    "errors.space_paused": "siden er sat på pause",
    "errors.use_via_api": "Brug via API",
    "errors.use_via_api_or_mcp": "Brug via API eller MCP",
    "file.uploading": "Uploader …",
    "highlighted_text.highlighted_text": "Fremhævet tekst",
    "image.allow_webcam_access": "Giv adgang til webkameraet for at optage.",
    "image.brush_color": "Penselfarve",
    "image.brush_radius": "Penselstørrelse",
    "image.image": "Billede",
    "image.remove_image": "Fjern billedet",
    "image.select_brush_color": "Vælg penselfarve",
    "image.start_drawing": "Begynd at tegne",
    "image.use_brush": "Brug pensel",
    "image.drop_to_upload": "Slip en billedfil her for at uploade",
    "image_editor.add_layer": "Tilføj lag",
    "image_editor.brush": "Pensel",
    "image_editor.brush_size": "Penselstørrelse",
    "image_editor.clear_canvas": "Ryd lærredet",
    "image_editor.color": "Farve",
    "image_editor.confirm_crop": "Bekræft beskæring",
    "image_editor.crop": "Beskær",
    "image_editor.erase": "Visk ud",
    "image_editor.eraser_size": "Viskelæderets størrelse",
    "image_editor.fit_to_screen": "Tilpas til skærmen",
    "image_editor.layer": "Lag",
    "image_editor.layers": "Lag",
    "image_editor.pan": "Panorer",
    "image_editor.paste": "Indsæt",
    "image_editor.redo": "Gentag",
    "image_editor.resize": "Skift størrelse",
    "image_editor.save_changes": "Gem ændringerne",
    "image_editor.select_draw_tool": "vælg tegneværktøjet for at begynde",
    "image_editor.show_layers": "Vis lag",
    "image_editor.upload": "Upload",
    "image_editor.upload_image": "Upload et billede",
    "image_editor.webcam": "Webkamera",
    "image_editor.zoom_in": "Zoom ind",
    "image_editor.zoom_out": "Zoom ud",
    "label.label": "Etiket",
    "login.enable_cookies": "Slå cookies fra tredjepart til, hvis du bruger privat browsing.",
    "login.incorrect_credentials": "Forkert brugernavn eller adgangskode",
    "login.username": "brugernavn",
    "login.password": "adgangskode",
    "login.login": "Log ind",
    "number.number": "Tal",
    "plot.plot": "Diagram",
    "radio.radio": "Valgknapper",
    "slider.slider": "Skyder",
    "status.queue_position": "I kø: {position} af {size}",
    "upload_text.click_to_upload": "Klik for at uploade",
    "upload_text.drop_audio": "Slip lyd her",
    "upload_text.drop_csv": "Slip CSV her",
    "upload_text.drop_file": "Slip filen her",
    "upload_text.drop_image": "Slip billedet her",
    "upload_text.drop_video": "Slip videoen her",
    "upload_text.drop_gallery": "Slip medier her",
    "upload_text.paste_clipboard": "Indsæt fra udklipsholderen",
    "video.drop_to_upload": "Slip en videofil her for at uploade",
}

# Gradio falls back to "en" for a Danish browser (it has no "da"); "da" is there for a Gradio that gets one.
LOCALES = ("en", "da")

# Texts Gradio writes into the page without its i18n (aria-labels, titles, a few labels): English -> Danish.
PAGE_TEXTS: dict[str, str] = {
    "Upload file": "Upload fil",
    "Upload a file": "Upload en fil",
    "File upload": "Upload af fil",
    "Click to upload or drop files": "Klik for at uploade, eller slip filer her",
    "Drop a file here, or click to browse": "Slip en fil her, eller klik for at vælge",
    "Choose a file": "Vælg en fil",
    "Copy table data": "Kopier tabellens data",
    "Dataframe": "Tabel",
    "More tabs": "Flere faner",
    "Open cell menu": "Åbn cellemenuen",
    "Table actions": "Tabelhandlinger",
    "View full screen": "Vis i fuld skærm",
    "Open in new tab": "Åbn i ny fane",
    "Select/Deselect All": "Vælg alle/ingen",
    "Select All": "Vælg alle",
    "Cancel": "Annuller",
    "Refresh": "Opdater",
    "Connection Lost": "Forbindelsen er afbrudt",
    "Login": "Log ind",
    "username": "brugernavn",
    "password": "adgangskode",
    "Incorrect Credentials": "Forkert brugernavn eller adgangskode",
    "processing |": "arbejder |",
    "from cache": "fra mellemlager",
    "An error occurred.": "Der skete en fejl.",
    "Info.": "Info.",
    "Success.": "Udført.",
    "Warning.": "Advarsel.",
    "Clear": "Ryd",
    "Remove": "Fjern",
    "Download": "Hent",
    "Copy": "Kopier",
    "Copied": "Kopieret",
    "Fullscreen": "Fuld skærm",
    "Exit fullscreen mode": "Luk fuld skærm",
    "Exit fullscreen": "Luk fuld skærm",
    "Share": "Del",
    "Loading...": "Indlæser …",
    "Error": "Fejl",
    "Close": "Luk",
    "Dismiss": "Luk",
    "Search": "Søg",
    "Sort column": "Sorter kolonne",
    "Select column": "Vælg kolonne",
    "Select all": "Vælg alle",
    "Filter": "Filtrer",
    "Open menu": "Åbn menuen",
    "Close menu": "Luk menuen",
    "Options": "Valgmuligheder",
    "Undo": "Fortryd",
    "Redo": "Gentag",
    "Edit": "Rediger",
    "Paste": "Indsæt",
    "Record audio": "Optag lyd",
    "Capture from camera": "Tag et billede",
    "Record video from camera": "Optag video",
    "Connection errored out.": "Forbindelsen til serveren blev afbrudt.",
    "Connection to the server was lost. Attempting reconnection...":
        "Forbindelsen til serveren blev afbrudt. Prøver at forbinde igen …",
}


def i18n():
    """``gr.I18n`` with the Danish texts for every language Gradio knows (imported only where gradio is)."""
    import gradio as gr

    return gr.I18n(**{locale: dict(MESSAGES) for locale in LOCALES})


HEAD_SCRIPT = r"""<script>
(function () {
  var T = __TEXTS__;
  var ATTRS = ["aria-label", "title", "placeholder", "alt"];
  function fix(root) {
    if (!root || !root.querySelectorAll) return;
    ATTRS.forEach(function (a) {
      root.querySelectorAll("[" + a + "]").forEach(function (el) {
        var v = el.getAttribute(a); if (T[v]) el.setAttribute(a, T[v]);
      });
    });
    var w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), n;
    while ((n = w.nextNode())) text(n);
  }
  function text(n) {  // never inside our own panels (#rw-...): letters and findings are shown as they are
    var p = n.parentElement, t = n.nodeValue.trim();
    if (T[t] && p && !p.closest('[id^="rw-"]:not(#rw-upload):not(#rw-zip)')) n.nodeValue = n.nodeValue.replace(t, T[t]);
  }
  try {  // Gradio picks its widget language from this; "da" falls back to "en", where the Danish texts are
    Object.defineProperty(Navigator.prototype, "language", {get: function () { return "da"; }});
    Object.defineProperty(Navigator.prototype, "languages", {get: function () { return ["da"]; }});
  } catch (e) {}
  var fetch0 = window.fetch;  // a login refused for too many attempts: say so (Gradio's form stays silent on 429)
  window.fetch = function (input, init) {
    return fetch0.apply(this, arguments).then(function (r) {
      var url = typeof input === "string" ? input : (input && input.url) || "";
      if (r.status === 429 && /\/login\/?$/.test(url.split("?")[0])) {
        r.clone().json().then(function (b) { banner(b.detail || "For mange forsøg."); }, function () {});
      }
      return r;
    });
  };
  function banner(msg) {
    var d = document.getElementById("rw-login-locked");
    if (!d) { d = document.createElement("div"); d.id = "rw-login-locked"; d.setAttribute("role", "alert");
      d.style.cssText = "position:fixed;top:1rem;left:50%;transform:translateX(-50%);z-index:9999;background:#ffebee;" +
        "color:#b71c1c;border:1px solid #b71c1c;border-radius:.4rem;padding:.6rem 1rem;font-weight:bold";
      document.body.appendChild(d); }
    d.textContent = msg;
  }
  var html = document.documentElement;  // Gradio sets lang to its own locale ("en"); the page is Danish
  html.lang = "da";
  new MutationObserver(function () { if (html.lang !== "da") html.lang = "da"; })
    .observe(html, {attributes: true, attributeFilter: ["lang"]});
  new MutationObserver(function (ms) {
    ms.forEach(function (m) {
      if (m.type === "attributes") { var v = m.target.getAttribute(m.attributeName); if (T[v]) m.target.setAttribute(m.attributeName, T[v]); }
      else if (m.type === "characterData") text(m.target);
      else m.addedNodes.forEach(function (x) { if (x.nodeType === 3) text(x); else fix(x); });
    });
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS});
  document.addEventListener("DOMContentLoaded", function () { fix(document.body); });
})();
</script>""".replace("__TEXTS__", json.dumps(PAGE_TEXTS, ensure_ascii=False))
