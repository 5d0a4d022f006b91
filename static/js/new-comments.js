/* New comments (comments/reading.py): the "next new comment" key, and "new since your last
 * visit" for readers without an account.
 *
 * Without JavaScript "Next new comment" links to the server, which redirects to the page that
 * shows it. With it:
 * - the key "n" (or a click on "Next new comment") goes to the next new comment on the page,
 *   opening collapsed replies; past the last one, it follows the server's link (another comment
 *   page, a sub-thread page);
 * - anonymous readers: the time of their visits is kept in localStorage, and comments on the page
 *   posted since the previous visit are marked like the server marks them for signed-in readers.
 */
(function () {
  "use strict";

  var VISIT_PREFIX = "commons:visit:";
  var VISIT_GAP_MS = 30 * 60 * 1000;
  var commons = window.theCommons;
  var discussion = commons.discussion;
  if (!discussion) {
    return;
  }

  var say = commons.announce;

  /* ---------- new since the last visit: anonymous readers ---------- */

  function markNew(li) {
    li.classList.add("is-new");
    var note = document.createElement("p");
    note.className = "new-note";
    var badge = document.createElement("span");
    badge.className = "new-badge";
    badge.textContent = "New";
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " comment since your last visit";
    badge.appendChild(hidden);
    var next = document.createElement("a");
    next.className = "next-new";
    next.href = "#" + li.id;
    next.textContent = "Next new comment";
    note.appendChild(badge);
    note.appendChild(document.createTextNode(" "));
    note.appendChild(next);
    li.insertBefore(note, li.firstChild);
  }

  function rememberVisit() {
    var store = commons.storage();
    var signedIn = discussion.querySelector(".reading-account");
    if (!store || signedIn || discussion.querySelector(".new-since")) {
      return; // the server keeps a signed-in reader's visits
    }
    var key = VISIT_PREFIX + discussion.dataset.postId;
    var now = Date.now();
    var state = null;
    try {
      state = JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      state = null;
    }
    var previous = null;
    if (state && now - state.last < VISIT_GAP_MS) {
      previous = state.previous;
    } else if (state) {
      previous = state.last;
    }
    try {
      store.setItem(key, JSON.stringify({ last: now, previous: previous }));
    } catch (error) {
      return;
    }
    if (!previous) {
      return;
    }
    var count = 0;
    discussion.querySelectorAll("li.comment:not(.is-placeholder)").forEach(function (li) {
      var time = li.querySelector(":scope > .comment-card .comment-date time");
      if (time && Date.parse(time.getAttribute("datetime")) > previous) {
        markNew(li);
        count += 1;
      }
    });
    if (count) {
      var head = discussion.querySelector(".discussion-head") || discussion;
      var line = document.createElement("p");
      line.className = "new-since";
      line.setAttribute("role", "status");
      line.textContent =
        count + " new comment" + (count === 1 ? "" : "s") + " on this page since your last visit · ";
      var first = document.createElement("a");
      first.className = "next-new next-new-first";
      first.href = "#" + discussion.querySelector("li.comment.is-new").id;
      first.textContent = "Next new comment";
      line.appendChild(first);
      head.appendChild(line);
    }
  }

  rememberVisit();

  /* ---------- the next new comment ---------- */

  var current = null; // the new comment the reader went to last

  function newComments() {
    return Array.prototype.slice.call(discussion.querySelectorAll("li.comment.is-new"));
  }

  function goTo(li) {
    current = li;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + li.id);
    }
    commons.highlight(li); // opening the collapsed replies around it
    var focusable = commons.cardOf(li) || li;
    focusable.setAttribute("tabindex", "-1");
    focusable.focus({ preventScroll: true });
    li.scrollIntoView({ block: "start" });
  }

  function nextNew(from) {
    var all = newComments();
    var start = from ? all.indexOf(from) + 1 : 0;
    if (from && start === 0) {
      // not a new comment: the first new one after it in the page
      start = all.findIndex(function (li) {
        return from.compareDocumentPosition(li) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      start = start === -1 ? all.length : start;
    }
    if (start < all.length) {
      goTo(all[start]);
      say("New comment " + (start + 1) + " of " + all.length + " on this page.");
      return;
    }
    // None left here: the server knows where the next one is (another page, a sub-thread).
    var last = all.length ? all[all.length - 1] : null;
    var link = last
      ? last.querySelector(":scope > .new-note a.next-new[data-next-new]")
      : discussion.querySelector(".new-since a.next-new-first");
    if (link && link.getAttribute("href").charAt(0) !== "#") {
      window.location.href = link.href;
    } else {
      say("No more new comments.");
    }
  }

  if (newComments().length) {
    var hint = discussion.querySelector(".new-since .key-hint");
    if (hint) {
      hint.hidden = false;
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.next-new");
    if (!link || !discussion.contains(link)) {
      return;
    }
    var from = link.closest("li.comment");
    var all = newComments();
    var index = from ? all.indexOf(from) + 1 : 0;
    if (index < all.length || link.getAttribute("href").charAt(0) === "#") {
      event.preventDefault();
      nextNew(from);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "n" || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    var target = event.target;
    if (
      target &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
    ) {
      return;
    }
    event.preventDefault();
    var match = /^#comment-(\d+)$/.exec(window.location.hash);
    var from = current || (match ? document.getElementById("comment-" + match[1]) : null);
    nextNew(from);
  });
})();
