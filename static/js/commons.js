/* The Commons: what the discussion scripts share, as window.theCommons.
 *
 * Everything the scripts do also works without them (plain links, <details>, forms that post
 * and redirect). They are plain deferred scripts, run in this order by templates/base.html:
 * - commons.js: these helpers;
 * - threads.js: reply collapsers and the comment named in the address;
 * - drafts.js, form-errors.js, replying.js: the comment form under the comment answered;
 * - reactions.js, new-comments.js: reading a long discussion (comments/reading.py).
 * No inline script or style: classes, data- attributes and the hidden attribute only.
 */
(function () {
  "use strict";

  function commentOf(element) {
    return element && element.closest ? element.closest("li.comment") : null;
  }

  function cardOf(li) {
    return li.querySelector(":scope > .comment-card");
  }

  // One live region for every script's announcements to screen readers.
  var liveRegion = null;
  function announce(message) {
    if (!liveRegion) {
      liveRegion = document.createElement("div");
      liveRegion.className = "visually-hidden";
      liveRegion.setAttribute("role", "status");
      liveRegion.setAttribute("aria-live", "polite");
      document.body.appendChild(liveRegion);
    }
    liveRegion.textContent = "";
    window.setTimeout(function () {
      liveRegion.textContent = message;
    }, 50);
  }

  function storage() {
    try {
      var probe = "commons:probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // private mode, storage full or disabled: what it would keep is not kept
    }
  }

  function whenLoaded(callback) {
    if (document.readyState === "complete") {
      window.setTimeout(callback, 0);
    } else {
      window.addEventListener("load", function () {
        window.setTimeout(callback, 0);
      });
    }
  }

  function openAround(li) {
    for (var node = li.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
      }
    }
  }

  function highlight(li) {
    document.querySelectorAll(".comment.is-highlighted").forEach(function (other) {
      other.classList.remove("is-highlighted");
    });
    if (li) {
      openAround(li);
      li.classList.add("is-highlighted");
    }
  }

  window.theCommons = {
    discussion: document.querySelector(".discussion[data-post-id]"),
    commentOf: commentOf,
    cardOf: cardOf,
    announce: announce,
    storage: storage,
    whenLoaded: whenLoaded,
    highlight: highlight,
  };
})();
