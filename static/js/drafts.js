/* Drafts: what is typed in the comment form is kept in localStorage, per article and per comment
 * answered, until it is posted, so an error, a dropped connection or a closed tab never loses it.
 * Drafts older than DRAFT_DAYS go. Used by replying.js. */
(function () {
  "use strict";

  var DRAFT_PREFIX = "commons:draft:";
  var DRAFT_DAYS = 30;

  // The drafts of the article `postId`; each keyed by the comment answered ("" for none).
  window.theCommons.drafts = function (postId) {
    var store = window.theCommons.storage();

    function draftKey(parent) {
      return DRAFT_PREFIX + postId + ":" + (parent || "0");
    }

    function save(parent, text) {
      if (!store) {
        return;
      }
      var key = draftKey(parent);
      if (text.trim()) {
        store.setItem(key, JSON.stringify({ text: text, at: Date.now() }));
      } else {
        store.removeItem(key);
      }
    }

    function read(parent) {
      if (!store) {
        return "";
      }
      try {
        var draft = JSON.parse(store.getItem(draftKey(parent)) || "null");
        return draft && typeof draft.text === "string" ? draft.text : "";
      } catch (error) {
        return "";
      }
    }

    function drop(parent) {
      if (store) {
        store.removeItem(draftKey(parent));
      }
    }

    function latest() {
      // This article's most recent unsent text: {parent, text}, or null.
      if (!store) {
        return null;
      }
      var prefix = DRAFT_PREFIX + postId + ":";
      var best = null;
      var tooOld = Date.now() - DRAFT_DAYS * 24 * 3600 * 1000;
      for (var i = store.length - 1; i >= 0; i--) {
        var key = store.key(i);
        if (!key || key.indexOf(prefix) !== 0) {
          continue;
        }
        var draft;
        try {
          draft = JSON.parse(store.getItem(key));
        } catch (error) {
          draft = null;
        }
        if (!draft || typeof draft.text !== "string" || !draft.text.trim() || draft.at < tooOld) {
          store.removeItem(key);
          continue;
        }
        if (!best || draft.at > best.at) {
          best = { parent: key.slice(prefix.length), text: draft.text, at: draft.at };
        }
      }
      if (best && best.parent === "0") {
        best.parent = "";
      }
      return best;
    }

    return { save: save, read: read, drop: drop, latest: latest };
  };
})();
