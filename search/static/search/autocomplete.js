// Titles as the visitor types, offered by the browser's own list under the search box
// (a <datalist>, so keyboards and screen readers work as with any input). Without this
// script the box is a plain search box; nothing else depends on it.
(function () {
  "use strict";
  var input = document.getElementById("search-query");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) {
    return;
  }
  var url = input.getAttribute("data-suggest-url");
  var language = document.documentElement.lang || "az";
  var timer = null;
  var asked = "";

  function show(titles) {
    list.textContent = "";
    titles.forEach(function (title) {
      var option = document.createElement("option");
      option.value = title;
      list.appendChild(option);
    });
  }

  function ask() {
    var typed = input.value.trim();
    if (typed.length < 2 || typed === asked) {
      return;
    }
    asked = typed;
    var address = url + "?lang=" + encodeURIComponent(language) + "&q=" + encodeURIComponent(typed);
    fetch(address, { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (input.value.trim() === typed) {
          show(data.results.map(function (result) { return result.title; }));
        }
      })
      .catch(function () { /* offline or refused: the plain box still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 200);
  });
}());
