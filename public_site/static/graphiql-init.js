/* Mounts the vendored GraphiQL on #graphiql. Settings come from data- attributes of that element. */
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  if (!root || !window.GraphiQL || !window.React || !window.ReactDOM) {
    return;
  }
  var fetcher = window.GraphiQL.createFetcher({ url: root.getAttribute("data-endpoint") || "/graphql" });
  var props = {
    fetcher: fetcher,
    defaultQuery: root.getAttribute("data-default-query") || undefined,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false
  };
  root.removeAttribute("hidden");
  var fallback = document.getElementById("graphiql-fallback");
  if (fallback) {
    fallback.setAttribute("hidden", "");
  }
  window.ReactDOM.createRoot(root).render(window.React.createElement(window.GraphiQL, props));
})();
