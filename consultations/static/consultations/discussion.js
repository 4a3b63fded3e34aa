// The live discussion of a consultation page. The page is whole without this file (server-
// rendered thread, links and plain forms); this keeps it current: it listens on
// /ws/consultations/<id>/, applies each event's comment to the page, and after every
// (re)connection asks the API for what changed since the newest event it has applied, so no
// event is missed and none is shown twice (comments are upserted by id, newer event wins).
// Fields are written with textContent; only body_html and an answer's reason_html, sanitised
// by the server (civic_platform/sanitiser.py) before they were stored, are set as HTML.
(function () {
  "use strict";

  var root = document.getElementById("discussion");
  var labelsNode = document.getElementById("discussion-labels");
  if (!root || !labelsNode || !("WebSocket" in window) || !window.fetch) return;

  var labels = JSON.parse(labelsNode.textContent);
  var list = root.querySelector("[data-comment-list]");
  var api = root.getAttribute("data-api");
  var socketPath = root.getAttribute("data-socket");
  var newPlacement = root.getAttribute("data-new");
  var sectionFilter = root.getAttribute("data-section");
  var mayReply = root.getAttribute("data-may-reply") === "1";
  // Who is looking, for the controls of comments built here: the viewer's opaque key in this
  // discussion (empty when signed out), compared with each comment's author_key.
  var viewerKey = root.getAttribute("data-viewer-key") || "";
  var mayTakePart = root.getAttribute("data-may-take-part") === "1";
  var editSeconds = parseInt(root.getAttribute("data-edit-seconds"), 10) || 0;
  var commentsUrl = root.getAttribute("data-comments-url");
  var form = root.querySelector("[data-comment-form]");
  var csrfInput = root.querySelector("input[name=csrfmiddlewaretoken]");
  var lastEvent = parseInt(root.getAttribute("data-last-event"), 10) || 0;
  var viewers = root.querySelector("[data-viewers]");
  var controlsNode = document.getElementById("discussion-viewer");
  var controls = (controlsNode && JSON.parse(controlsNode.textContent)) || {};
  var language = document.documentElement.lang || undefined;

  var socket = null;
  var retryDelay = 1000;
  var catchingUp = false;
  var queued = [];
  var stopped = false;
  // This viewer's other tabs of the site in the same browser: a frame cannot say who endorsed
  // a comment, so the tab where the viewer endorses (or takes it back) tells the others, which
  // show it once the comment's next frame confirms that the server took the change.
  var tabs = "BroadcastChannel" in window ? new BroadcastChannel("discussion-endorsements") : null;
  var endorsedElsewhere = {};
  var ENDORSE_ACTION = /\/comments\/(\d+)\/endorse\/$/;

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function formatTime(iso) {
    try {
      return new Date(iso).toLocaleString(language, { dateStyle: "medium", timeStyle: "short" });
    } catch (error) {
      return iso;
    }
  }

  function hiddenInput(name, value) {
    var input = make("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    return input;
  }

  function actionForm(comment, path, buttonLabel) {
    var actionForm = make("form");
    actionForm.method = "post";
    actionForm.action = commentsUrl + comment.id + "/" + path + "/";
    actionForm.appendChild(hiddenInput("csrfmiddlewaretoken", csrfInput.value));
    actionForm.appendChild(hiddenInput("next", window.location.pathname + window.location.search));
    actionForm.appendChild(make("button", null, buttonLabel));
    return actionForm;
  }

  // The controls the server renders for this viewer (includes/comment.html), decided from
  // what the page knows: endorse another's comment (or take the endorsement back), edit one's
  // own within the edit window while the consultation is open, withdraw one's own. A frame
  // serves everybody and cannot say whether this viewer endorsed a comment: `endorsed` comes
  // from the catch-up (the API answers it per viewer) or from what the page showed before.
  function buildActions(comment, endorsed) {
    if (!viewerKey || !csrfInput || !commentsUrl) return null;
    var actions = make("div", "comment__actions");
    var mine = comment.author_key === viewerKey;
    if (!mine && mayTakePart) {
      var endorse = actionForm(comment, "endorse", endorsed ? labels.take_back : labels.endorse);
      if (endorsed) endorse.insertBefore(hiddenInput("endorse", "0"), endorse.lastChild);
      actions.appendChild(endorse);
    }
    var age = (Date.now() - new Date(comment.created_at).getTime()) / 1000;
    if (mine && mayReply && age <= editSeconds) {
      var edit = make("a", null, labels.edit);
      edit.href = "?edit=" + comment.id + "#comment-" + comment.id;
      actions.appendChild(edit);
    }
    if (mine) actions.appendChild(actionForm(comment, "withdraw", labels.withdraw));
    return actions;
  }

  function controlLink(pattern, comment, text) {
    var link = make("a", null, text);
    link.href = pattern.replace("{id}", String(comment.id));
    return link;
  }

  // The answer, pin, hide and report controls of includes/comment_controls.html: which ones
  // this viewer may use in this consultation the server wrote into the page
  // (#discussion-viewer); reporting is for others' comments. The server checks each again.
  function buildControls(comment) {
    if (!viewerKey || !controls.report_url) return null;
    var box = make("div", "comment-controls");
    if (controls.may_answer) {
      var answerLabel = comment.answer ? labels.change_answer : labels.give_answer;
      box.appendChild(controlLink(controls.answer_url, comment, answerLabel));
    }
    if (controls.may_pin && csrfInput) {
      var pin = make("form");
      pin.method = "post";
      pin.action = controls.pin_url.replace("{id}", String(comment.id));
      pin.appendChild(hiddenInput("csrfmiddlewaretoken", csrfInput.value));
      if (comment.pinned) pin.appendChild(hiddenInput("pinned", "0"));
      pin.appendChild(make("button", null, comment.pinned ? labels.unpin : labels.pin));
      box.appendChild(pin);
    }
    if (controls.may_hide) box.appendChild(controlLink(controls.hide_url, comment, labels.hide));
    if (comment.author_key !== viewerKey && mayTakePart) {
      box.appendChild(controlLink(controls.report_url, comment, labels.report));
    }
    return box.firstChild ? box : null;
  }

  function buildArticle(comment, endorsed) {
    var article = make("article", "comment__inner");
    if (comment.status !== "visible") {
      var text = comment.status === "withdrawn" ? labels.withdrawn : labels.hidden;
      if (comment.status !== "withdrawn" && comment.hidden_reason) {
        text += " " + comment.hidden_reason;
      }
      article.appendChild(make("p", "comment__placeholder", text));
      return article;
    }
    var meta = make("header", "comment__meta");
    meta.appendChild(make("span", "comment__author", comment.author));
    if (comment.organisation) {
      meta.appendChild(make("span", "comment__organisation", comment.organisation));
    }
    meta.appendChild(
      make("span", "comment__respondent", labels.respondent[comment.respondent_type] || "")
    );
    if (comment.stance) {
      meta.appendChild(
        make(
          "span",
          "comment__stance comment__stance--" + comment.stance,
          labels.stance[comment.stance] || comment.stance
        )
      );
    }
    var time = make("time", null, formatTime(comment.created_at));
    time.setAttribute("datetime", comment.created_at);
    meta.appendChild(time);
    if (comment.edited_at) meta.appendChild(make("span", "comment__edited", labels.edited));
    var sectionName = comment.section && labels.sections && labels.sections[comment.section];
    if (sectionName) {
      var section = make("a", "comment__section", sectionName);
      section.href = "?section=" + encodeURIComponent(comment.section) + "#discussion";
      meta.appendChild(section);
      // As the server renders it: a line a later draft dropped is marked beside its name.
      if ((labels.withdrawn_sections || []).indexOf(comment.section) !== -1) {
        meta.appendChild(document.createTextNode(" "));
        meta.appendChild(
          make("span", "comment__section-note", "(" + labels.section_withdrawn + ")")
        );
      }
    }
    article.appendChild(meta);

    var body = make("div", "comment__body");
    body.innerHTML = comment.body_html; // sanitised by the server when it was saved
    article.appendChild(body);

    var endorsements = make("p", "comment__endorsements");
    endorsements.appendChild(make("span", null, String(comment.endorsements)));
    endorsements.firstChild.setAttribute("data-endorsements", "");
    endorsements.appendChild(document.createTextNode(" " + labels.endorsements));
    article.appendChild(endorsements);

    if (comment.answer) {
      var answer = make("div", "comment__answer");
      var heading = make("p");
      heading.appendChild(make("strong", null, labels.answer + " · " + comment.answer.organisation + ":"));
      heading.appendChild(document.createTextNode(" " + comment.answer.outcome_label));
      answer.appendChild(heading);
      var reason = make("div");
      reason.innerHTML = comment.answer.reason_html; // sanitised by the server
      answer.appendChild(reason);
      article.appendChild(answer);
    }
    var actions = buildActions(comment, endorsed);
    if (actions) article.appendChild(actions);
    var commentControls = buildControls(comment);
    if (commentControls) article.appendChild(commentControls);
    return article;
  }

  function replyForm(comment) {
    var details = make("details", "comment__reply");
    details.appendChild(make("summary", null, labels.reply));
    var replyForm = make("form");
    replyForm.method = "post";
    replyForm.action = form.getAttribute("action");
    replyForm.appendChild(hiddenInput("csrfmiddlewaretoken", csrfInput.value));
    replyForm.appendChild(hiddenInput("next", window.location.pathname + window.location.search));
    replyForm.appendChild(hiddenInput("parent", String(comment.id)));
    // The same choice of who one speaks for as the main form offers.
    var respondent = form.querySelector("select[name=respondent]");
    if (respondent) {
      var choice = respondent.cloneNode(true);
      choice.id = "reply-respondent-" + comment.id;
      choice.selectedIndex = 0;
      var choiceLabel = make("label", null, labels.respondent_as);
      choiceLabel.htmlFor = choice.id;
      replyForm.appendChild(choiceLabel);
      replyForm.appendChild(choice);
    } else {
      replyForm.appendChild(hiddenInput("respondent", "citizen"));
    }
    var label = make("label", null, labels.your_reply);
    label.htmlFor = "reply-" + comment.id;
    var area = make("textarea");
    area.id = "reply-" + comment.id;
    area.name = "body";
    area.rows = 3;
    area.required = true;
    area.maxLength = 5000;
    replyForm.appendChild(label);
    replyForm.appendChild(area);
    replyForm.appendChild(make("button", null, labels.publish_reply));
    details.appendChild(replyForm);
    return details;
  }

  function buildItem(comment) {
    var item = make("li", comment.parent ? "comment comment--reply" : "comment");
    item.id = "comment-" + comment.id;
    item.setAttribute("data-comment-id", String(comment.id));
    item.setAttribute("data-event-id", String(comment.event_id));
    if (comment.pinned) item.classList.add("comment--pinned");
    item.appendChild(buildArticle(comment, comment.viewer_endorsed === true));
    if (!comment.parent) {
      var replies = make("ol", "comment-replies");
      replies.setAttribute("data-replies-of", String(comment.id));
      replies.setAttribute("data-open", "1");
      item.appendChild(replies);
      if (mayReply && form && csrfInput && comment.status === "visible") {
        item.appendChild(replyForm(comment));
      }
    }
    return item;
  }

  function showRepliesLink(parentItem, parentId) {
    var link = parentItem.querySelector("[data-show-replies]");
    if (!link) {
      link = make("a", "comment__show-replies");
      link.href = "?replies=" + parentId + "#comment-" + parentId;
      link.setAttribute("data-show-replies", String(parentId));
      var replies = parentItem.querySelector("[data-replies-of]");
      replies.parentNode.insertBefore(link, replies.nextSibling);
    }
    var count = (parseInt(link.getAttribute("data-count"), 10) || 0) + 1;
    link.setAttribute("data-count", String(count));
    link.textContent = labels.show_replies + " (" + count + ")";
  }

  // Apply one comment's newest state; an older or equal state than shown is ignored.
  function upsert(comment) {
    var existing = document.getElementById("comment-" + comment.id);
    if (existing) {
      if ((parseInt(existing.getAttribute("data-event-id"), 10) || 0) >= comment.event_id) return;
      var oldArticle = existing.querySelector(":scope > article");
      // Whether this viewer endorsed it: the catch-up says so; a live frame cannot, and then
      // what the page showed stays.
      var endorsed;
      if (typeof comment.viewer_endorsed === "boolean") {
        endorsed = comment.viewer_endorsed;
      } else if (Object.prototype.hasOwnProperty.call(endorsedElsewhere, comment.id)) {
        endorsed = endorsedElsewhere[comment.id];
      } else {
        endorsed = !!(oldArticle && oldArticle.querySelector(
          ':scope > .comment__actions input[name=endorse][value="0"]'
        ));
      }
      delete endorsedElsewhere[comment.id];
      var article = buildArticle(comment, endorsed);
      if (oldArticle) existing.replaceChild(article, oldArticle);
      else existing.insertBefore(article, existing.firstChild);
      existing.setAttribute("data-event-id", String(comment.event_id));
      existing.classList.toggle("comment--pinned", !!comment.pinned);
      if (comment.status !== "visible") {
        var reply = existing.querySelector(":scope > .comment__reply");
        if (reply) reply.remove();
      }
      return;
    }
    if (comment.parent) {
      var parentItem = document.getElementById("comment-" + comment.parent);
      if (!parentItem) return; // its thread is not on this page
      var replies = parentItem.querySelector("[data-replies-of]");
      if (replies.getAttribute("data-open") === "1") replies.appendChild(buildItem(comment));
      else showRepliesLink(parentItem, comment.parent);
      return;
    }
    if (sectionFilter && comment.section !== sectionFilter) return;
    if (newPlacement !== "prepend" && newPlacement !== "append") return;
    var empty = list.querySelector("[data-empty]");
    if (empty) empty.remove();
    var item = buildItem(comment);
    if (newPlacement === "prepend") list.insertBefore(item, list.firstChild);
    else list.appendChild(item);
  }

  // upsert ignores what the page shows already, so a frame the catch-up covered is harmless.
  function applyEvent(frame) {
    upsert(frame.comment);
    if (frame.id > lastEvent) lastEvent = frame.id;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
  }

  // Everything that changed after lastEvent, page by page, before the queued live events.
  function catchUp() {
    catchingUp = true;
    function step(url) {
      return getJSON(url).then(function (data) {
        data.results.forEach(function (comment) {
          upsert(comment);
          if (comment.event_id > lastEvent) lastEvent = comment.event_id;
        });
        if (data.next) return step(data.next);
        return null;
      });
    }
    return step(api + "?after=" + lastEvent)
      .then(function () {
        catchingUp = false;
        var frames = queued;
        queued = [];
        frames.forEach(applyEvent);
      })
      .catch(function () {
        // Keep what arrived for the next attempt; the reconnection will ask again.
        catchingUp = false;
        if (socket) socket.close();
      });
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + socketPath);
    socket.addEventListener("open", function () {
      retryDelay = 1000;
      root.removeAttribute("data-offline");
      root.setAttribute("data-live", "");
      catchUp();
    });
    socket.addEventListener("message", function (message) {
      var frame;
      try {
        frame = JSON.parse(message.data);
      } catch (error) {
        return;
      }
      if (frame.type === "viewers") {
        if (viewers && typeof frame.count === "number") {
          viewers.textContent = labels.viewers.replace("%(count)s", String(frame.count));
          viewers.hidden = false;
        }
        return;
      }
      // The server's subscription was lost and is back (Redis restarted): ask for what the
      // socket may have missed, as after a reconnection.
      if (frame.type === "resync") {
        if (!catchingUp) catchUp();
        return;
      }
      if (!frame.comment || typeof frame.id !== "number") return;
      if (catchingUp) queued.push(frame);
      else applyEvent(frame);
    });
    socket.addEventListener("close", function (event) {
      socket = null;
      root.removeAttribute("data-live");
      if (event.code === 4404 || event.code === 4403 || stopped) return;
      root.setAttribute("data-offline", "");
      // Back off, with some jitter so a restarted server is not met by every page at once.
      var delay = retryDelay + Math.random() * retryDelay * 0.3;
      retryDelay = Math.min(retryDelay * 2, 30000);
      window.setTimeout(connect, delay);
    });
  }

  // "Show replies": the link works without script; with it, the replies come from the API.
  root.addEventListener("click", function (event) {
    var link = event.target.closest("[data-show-replies]");
    if (!link) return;
    event.preventDefault();
    var parentId = link.getAttribute("data-show-replies");
    var replies = root.querySelector('[data-replies-of="' + parentId + '"]');
    function step(url) {
      return getJSON(url).then(function (data) {
        data.results.forEach(function (comment) {
          if (!document.getElementById("comment-" + comment.id)) {
            replies.appendChild(buildItem(comment));
          } else {
            upsert(comment);
          }
        });
        if (data.next) return step(data.next);
        return null;
      });
    }
    step(api + "?parent=" + encodeURIComponent(parentId)).then(function () {
      replies.setAttribute("data-open", "1");
      link.remove();
    }, function () {
      window.location.href = link.href; // the page shows them without script
    });
  });

  if (tabs && viewerKey) {
    tabs.addEventListener("message", function (event) {
      var told = event.data;
      if (!told || told.viewer !== viewerKey || typeof told.comment !== "number") return;
      endorsedElsewhere[told.comment] = told.endorsed === true;
    });
    root.addEventListener("submit", function (event) {
      var match = ENDORSE_ACTION.exec(new URL(event.target.action, window.location.href).pathname);
      if (!match) return;
      var takingBack = event.target.querySelector('input[name=endorse][value="0"]');
      tabs.postMessage({ viewer: viewerKey, comment: Number(match[1]), endorsed: !takingBack });
    });
  }

  window.addEventListener("pagehide", function () {
    stopped = true;
    if (socket) socket.close();
  });
  connect();
})();
