/* The Commons: reading and replying to a discussion, a little better with JavaScript.
 *
 * Everything here also works without it (plain links, <details>, a form that posts and
 * redirects). With it:
 * - "Reply" opens the comment form under the comment; posting inserts the new comment in its
 *   place without reloading (the server answers JSON with the comment's rendered <li>);
 * - what you type is kept in localStorage (per article and per comment answered) until it is
 *   posted, so an error, a dropped connection or a closed tab never loses it;
 * - reply collapsers keep aria-expanded in sync; "in reply to" links open and highlight the
 *   comment answered; the comment named in the address is highlighted on load.
 * No inline script or style: classes, data- attributes and the hidden attribute only.
 */
(function () {
  "use strict";

  var DRAFT_PREFIX = "commons:draft:";
  var DRAFT_DAYS = 30;

  /* ---------- small helpers ---------- */

  function commentOf(element) {
    return element && element.closest ? element.closest("li.comment") : null;
  }

  function cardOf(li) {
    return li.querySelector(":scope > .comment-card");
  }

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
  // The reading script below speaks through the same live region.
  window.theCommons = { announce: announce };

  function storage() {
    try {
      var probe = DRAFT_PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // private mode, storage full or disabled: drafts live in the form only
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

  /* ---------- collapsible sub-threads ---------- */

  function syncSummary(details) {
    var summary = details.querySelector(":scope > summary");
    if (summary) {
      summary.setAttribute("aria-expanded", details.open ? "true" : "false");
    }
  }

  function setReplyCount(details, count) {
    var label = details.querySelector(":scope > summary .reply-count");
    if (label) {
      label.dataset.count = String(count);
      label.textContent = count + (count === 1 ? " reply" : " replies");
    }
  }

  document.querySelectorAll("details.replies").forEach(syncSummary);
  document.addEventListener(
    "toggle",
    function (event) {
      if (event.target.matches && event.target.matches("details.replies")) {
        syncSummary(event.target);
      }
    },
    true
  );

  /* ---------- highlighting the comment named in the address ---------- */

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

  var discussion = document.querySelector(".discussion[data-post-id]");

  function highlightFromHash(scroll) {
    var match = /^#comment-(\d+)$/.exec(window.location.hash);
    if (!match) {
      return;
    }
    var li = document.getElementById("comment-" + match[1]);
    if (li) {
      highlight(li);
      if (scroll) {
        li.scrollIntoView({ block: "start" });
      }
    } else if (discussion && discussion.dataset.commentUrl && window.fetch) {
      // The comment is on another comment page (or deeper than this page shows): its own page
      // shows it, with a link back to the page of the discussion that holds it.
      var url = discussion.dataset.commentUrl.replace(/0\/$/, match[1] + "/");
      fetch(url, { method: "HEAD", credentials: "same-origin" }).then(function (response) {
        if (response.ok) {
          window.location.replace(url + window.location.hash);
        }
      });
    }
  }

  highlightFromHash(true);
  // A comment's own page: when the comments it answers push it out of sight, go to it.
  var pageTarget = document.querySelector(".comment.is-target");
  if (pageTarget && !window.location.hash) {
    var top = pageTarget.getBoundingClientRect().top;
    if (top > window.innerHeight * 0.6) {
      pageTarget.scrollIntoView({ block: "start" });
    }
  }
  window.addEventListener("hashchange", function () {
    highlightFromHash(false);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.parent-link");
    if (!link) {
      return;
    }
    var target = document.getElementById(link.hash.slice(1));
    if (target) {
      // Open any collapsed thread around it first, so the browser's jump lands on it.
      highlight(target);
    }
  });

  /* ---------- replying inline ---------- */

  var respond = document.getElementById("respond");
  var form = respond && respond.querySelector("form.comment-form");
  if (!discussion || !form || !form.elements.body) {
    return; // signed out or comments closed: the Reply links lead to the server's pages
  }

  var postId = discussion.dataset.postId;
  var body = form.elements.body;
  var parentInput = form.elements.parent;
  var title = respond.querySelector("#respond-title");
  var submitButton = form.querySelector("[type=submit]");
  var home = document.createElement("div");
  home.className = "respond-home";
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);
  var store = storage();
  var busy = false;

  function currentParent() {
    return parentInput && parentInput.value ? parentInput.value : "";
  }

  function draftKey(parent) {
    return DRAFT_PREFIX + postId + ":" + (parent || "0");
  }

  function saveDraft() {
    if (!store) {
      return;
    }
    var key = draftKey(currentParent());
    if (body.value.trim()) {
      store.setItem(key, JSON.stringify({ text: body.value, at: Date.now() }));
    } else {
      store.removeItem(key);
    }
  }

  function readDraft(parent) {
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

  function dropDraft(parent) {
    if (store) {
      store.removeItem(draftKey(parent));
    }
  }

  function latestDraft() {
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

  /* Errors, shown where the form without JavaScript shows them. */

  function clearErrors() {
    form.querySelectorAll(".js-errors").forEach(function (element) {
      element.remove();
    });
    form.querySelectorAll(".has-error").forEach(function (element) {
      element.classList.remove("has-error");
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (element) {
      element.removeAttribute("aria-invalid");
      var described = (element.getAttribute("aria-describedby") || "")
        .split(" ")
        .filter(function (id) {
          return id && id.slice(-10) !== "-js-errors";
        });
      if (described.length) {
        element.setAttribute("aria-describedby", described.join(" "));
      } else {
        element.removeAttribute("aria-describedby");
      }
    });
    // What the server rendered with a failed post without JavaScript goes too.
    form.querySelectorAll(".field-errors, .form-errors").forEach(function (element) {
      element.remove();
    });
  }

  function errorBox(className, messages, id) {
    var box = document.createElement("div");
    box.className = className + " js-errors";
    box.setAttribute("role", "alert");
    if (id) {
      box.id = id;
    }
    var list = document.createElement("ul");
    list.className = "errorlist";
    messages.forEach(function (message) {
      var item = document.createElement("li");
      item.textContent = message;
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function formError(messages) {
    var box = errorBox("form-errors", messages);
    form.insertBefore(box, form.firstElementChild);
    return box;
  }

  function showErrors(errors) {
    var general = [];
    var first = null;
    Object.keys(errors).forEach(function (name) {
      var messages = errors[name];
      var control = name === "__all__" ? null : form.elements[name];
      var field = control && control.closest ? control.closest(".field") : null;
      if (!field) {
        general = general.concat(messages);
        return;
      }
      var id = (control.id || "id_" + name) + "-js-errors";
      field.classList.add("has-error");
      var box = errorBox("field-errors", messages, id);
      var label = field.querySelector("label");
      if (label && label.nextSibling) {
        field.insertBefore(box, label.nextSibling);
      } else {
        field.insertBefore(box, field.firstChild);
      }
      control.setAttribute("aria-invalid", "true");
      var described = control.getAttribute("aria-describedby");
      control.setAttribute("aria-describedby", described ? described + " " + id : id);
      first = first || control;
    });
    if (general.length) {
      formError(general);
    }
    if (first) {
      first.focus();
    }
  }

  /* Moving the form under a comment and back. */

  function setReplyingTo(li, name) {
    var note = respond.querySelector(".replying-to");
    if (!li) {
      if (note) {
        note.remove();
      }
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.className = "replying-to";
      if (title && title.nextSibling) {
        respond.insertBefore(note, title.nextSibling);
      } else {
        respond.insertBefore(note, form);
      }
    }
    note.textContent = "Replying to ";
    var link = document.createElement("a");
    link.className = "parent-link-plain";
    link.href = "#" + li.id;
    link.textContent = name + "’s comment";
    note.appendChild(link);
    note.appendChild(document.createTextNode(". "));
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "link-button cancel-reply";
    cancel.textContent = "Cancel reply";
    note.appendChild(cancel);
  }

  function nameOf(li) {
    var link = li.querySelector(":scope > .comment-card .reply-link");
    if (link && link.dataset.replyName) {
      return link.dataset.replyName;
    }
    var name = li.querySelector(":scope > .comment-card .comment-name");
    return name ? name.textContent : "this comment";
  }

  function openReply(li, options) {
    options = options || {};
    saveDraft();
    if (!options.keepErrors) {
      clearErrors();
    }
    var name = nameOf(li);
    var card = cardOf(li);
    card.after(respond);
    respond.classList.add("is-inline");
    parentInput.value = li.id.replace("comment-", "");
    if (title) {
      title.textContent = "Reply to " + name;
    }
    if (submitButton) {
      submitButton.textContent = "Post reply";
    }
    setReplyingTo(li, name);
    body.value = options.text !== undefined ? options.text : readDraft(parentInput.value);
    if (options.focus !== false) {
      body.focus();
    }
  }

  function closeReply(options) {
    options = options || {};
    var from = commentOf(respond);
    saveDraft();
    clearErrors();
    home.after(respond);
    respond.classList.remove("is-inline");
    parentInput.value = "";
    if (title) {
      title.textContent = "Leave a comment";
    }
    if (submitButton) {
      submitButton.textContent = "Post comment";
    }
    setReplyingTo(null);
    body.value = readDraft("");
    if (options.focusBack && from) {
      var link = from.querySelector(":scope > .comment-card .reply-link");
      if (link) {
        link.focus();
      }
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.reply-link[data-reply-to]");
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
      var li = commentOf(link);
      if (li) {
        event.preventDefault();
        if (commentOf(respond) === li) {
          body.focus();
        } else {
          openReply(li);
        }
      }
      return;
    }
    if (event.target.closest && event.target.closest(".cancel-reply")) {
      event.preventDefault();
      closeReply({ focusBack: true });
    }
  });

  respond.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && respond.classList.contains("is-inline")) {
      closeReply({ focusBack: true });
    }
  });

  body.addEventListener("input", saveDraft);

  /* Posting without leaving the page. */

  function counted(li) {
    return !li.classList.contains("is-pending");
  }

  function buildReplies(parentLi) {
    var details = document.createElement("details");
    details.className = "replies";
    details.open = true;
    var summary = document.createElement("summary");
    var hide = document.createElement("span");
    hide.className = "collapse-label";
    hide.textContent = "Hide";
    var show = document.createElement("span");
    show.className = "expand-label";
    show.textContent = "Show";
    var count = document.createElement("span");
    count.className = "reply-count";
    count.dataset.count = "0";
    summary.append(hide, show, " ", count);
    var list = document.createElement("ol");
    list.className = "children";
    details.append(summary, list);
    var after = parentLi.querySelector(":scope > .continue-thread");
    if (after) {
      parentLi.insertBefore(details, after);
    } else {
      parentLi.appendChild(details);
    }
    syncSummary(details);
    return details;
  }

  function insertComment(data) {
    var template = document.createElement("template");
    template.innerHTML = data.html.trim();
    var li = template.content.firstElementChild;
    var parentLi = data.parent_id ? document.getElementById("comment-" + data.parent_id) : null;
    if (parentLi) {
      var details = parentLi.querySelector(":scope > details.replies") || buildReplies(parentLi);
      details.open = true;
      details.querySelector(":scope > ol.children").appendChild(li);
    } else {
      var list = discussion.querySelector("ol.comment-list");
      if (list.dataset.sort === "newest") {
        list.insertBefore(li, list.firstElementChild);
      } else {
        list.appendChild(li);
      }
    }
    for (var node = li.parentElement; node && node !== discussion; node = node.parentElement) {
      if (node.matches("details.replies")) {
        var label = node.querySelector(":scope > summary .reply-count");
        setReplyCount(node, (label ? Number(label.dataset.count) || 0 : 0) + 1);
        syncSummary(node);
      }
    }
    if (counted(li)) {
      document.querySelectorAll("[data-comment-count]").forEach(function (element) {
        var count = (Number(element.dataset.commentCount) || 0) + 1;
        element.dataset.commentCount = String(count);
        element.textContent = count + (count === 1 ? " comment" : " comments");
      });
    }
    return li;
  }

  function setBusy(state) {
    busy = state;
    form.setAttribute("aria-busy", state ? "true" : "false");
    if (submitButton) {
      submitButton.disabled = state;
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) {
      return;
    }
    saveDraft();
    clearErrors();
    var parent = currentParent();
    setBusy(true);
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          var problem = new Error("not json");
          problem.response = response;
          throw problem;
        }
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        setBusy(false);
        if (!result.ok) {
          var renewed = result.data.renewed || {};
          Object.keys(renewed).forEach(function (name) {
            if (form.elements[name] && form.elements[name].type === "hidden") {
              form.elements[name].value = renewed[name];
            }
          });
          showErrors(result.data.errors || { __all__: ["Your comment could not be posted."] });
          announce("Your comment was not posted: see the messages next to the form.");
          return;
        }
        dropDraft(parent);
        body.value = "";
        var li = insertComment(result.data);
        closeReply();
        highlight(li);
        var card = cardOf(li);
        card.setAttribute("tabindex", "-1");
        card.focus({ preventScroll: true });
        li.scrollIntoView({ block: "nearest" });
        announce(
          li.classList.contains("is-pending")
            ? "Your comment was posted and awaits moderation."
            : "Your comment was posted."
        );
      })
      .catch(function (error) {
        setBusy(false);
        var message;
        if (error.response && error.response.redirected) {
          message = "You are signed out. Sign in again in another tab, then post: your text is kept here.";
        } else if (error.response) {
          message =
            "The site could not take your comment just now (error " +
            error.response.status +
            "). Your text is kept here; try again in a moment.";
        } else {
          message =
            "Your comment could not be sent: the connection failed. Your text is kept here; try again when you are back online.";
        }
        formError([message]);
        announce(message);
        body.focus();
      });
  });

  /* On load: put back what was typed and not posted. */

  (function restore() {
    if (body.value.trim()) {
      saveDraft(); // the server kept the text after a failed post: keep it here too
      var answered = currentParent() && document.getElementById("comment-" + currentParent());
      if (answered) {
        openReply(answered, { text: body.value, focus: false, keepErrors: true });
      }
      return;
    }
    var asked = currentParent(); // ?replyto= (e.g. back from signing in)
    if (asked) {
      var li = document.getElementById("comment-" + asked);
      if (li) {
        openReply(li, { focus: false });
        if (window.location.hash === "#respond") {
          // After the browser's own jump to #respond, which takes the focus away from fields.
          whenLoaded(function () {
            respond.scrollIntoView({ block: "center" });
            body.focus({ preventScroll: true });
          });
        }
      }
      return;
    }
    var draft = latestDraft();
    if (!draft) {
      return;
    }
    var target = draft.parent ? document.getElementById("comment-" + draft.parent) : null;
    if (draft.parent && !target) {
      return; // that comment is on another page: its draft waits there
    }
    if (target) {
      openReply(target, { text: draft.text, focus: false });
    } else {
      body.value = draft.text;
    }
    var note = document.createElement("p");
    note.className = "draft-note";
    note.textContent = "Your unsent text was restored.";
    form.insertBefore(note, form.firstElementChild);
  })();
})();

/* Reading a long discussion (comments/reading.py): reactions inline, the "next new comment" key,
 * and "new since your last visit" for readers without an account.
 *
 * Without JavaScript the reaction form posts and redirects back, and "Next new comment" links to
 * the server, which redirects to the page that shows it. With it:
 * - the reaction form posts in the background and updates its count and pressed state;
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
  var discussion = document.querySelector(".discussion[data-post-id]");
  if (!discussion) {
    return;
  }

  var say = window.theCommons.announce;

  /* ---------- reactions ---------- */

  function setCount(form, count) {
    var counter = form.querySelector(".reaction-count");
    if (!count) {
      if (counter) {
        counter.remove();
      }
      return;
    }
    if (!counter) {
      counter = document.createElement("span");
      counter.className = "reaction-count";
      form.appendChild(counter);
    }
    counter.dataset.count = String(count);
    counter.textContent = String(count);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.reaction") || !window.fetch) {
      return;
    }
    var button = form.querySelector("button[name=do]");
    if (!button) {
      return; // signed out: the server's answer leads to the sign-in page
    }
    // The form carries no token (it is filled into pages cached for everyone): the browser's
    // Sec-Fetch-Site says where the request comes from; the page's token goes along for
    // browsers that do not send it.
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    event.preventDefault();
    if (form.dataset.busy) {
      return;
    }
    form.dataset.busy = "1";
    var data = new FormData(form);
    data.set("do", button.value);
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
    })
      .then(function (response) {
        return response.json().then(function (json) {
          return { ok: response.ok, data: json };
        });
      })
      .then(function (result) {
        delete form.dataset.busy;
        if (!result.ok) {
          say(result.data.error || "Your reaction could not be saved.");
          return;
        }
        var pressed = !!result.data.pressed;
        button.setAttribute("aria-pressed", pressed ? "true" : "false");
        button.value = pressed ? "remove" : "add";
        setCount(form, result.data.count);
        say(pressed ? "Marked as worth reading." : "Reaction taken back.");
      })
      .catch(function () {
        delete form.dataset.busy;
        form.submit(); // the plain post, which answers with a page
      });
  });

  /* ---------- new since the last visit: anonymous readers ---------- */

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

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
    var store = storage();
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
    for (var node = li.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
      }
    }
    current = li;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + li.id);
    }
    document.querySelectorAll(".comment.is-highlighted").forEach(function (other) {
      other.classList.remove("is-highlighted");
    });
    li.classList.add("is-highlighted");
    var card = li.querySelector(":scope > .comment-card");
    var focusable = card || li;
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
