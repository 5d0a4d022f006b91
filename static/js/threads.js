/* Threads: reply collapsers keep aria-expanded in sync; "in reply to" links open and highlight
 * the comment answered; the comment named in the address is highlighted on load (fetched from
 * its own page when this page does not hold it). */
(function () {
  "use strict";

  var commons = window.theCommons;
  var discussion = commons.discussion;
  var highlight = commons.highlight;

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

  commons.syncSummary = syncSummary;
  commons.setReplyCount = setReplyCount;

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
})();
