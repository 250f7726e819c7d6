// The actor graph page: fetch /api/graph and draw it with the vendored Cytoscape.js.
// Names are given to Cytoscape as data (drawn on a canvas), never inserted as HTML.
(function () {
  "use strict";
  var container = document.getElementById("graph");
  var status = document.getElementById("graph-status");
  if (!container) {
    return;
  }
  if (typeof window.cytoscape !== "function") {
    container.setAttribute("data-state", "no-library");
    return;
  }
  var COLORS = { PERSON: "#2563eb", GPE: "#15803d", LOC: "#0d9488", NORP: "#a16207", ORG: "#7c3aed", WEAPON: "#b91c1c" };
  var EDGE_COLORS = { cooperation: "#16a34a", conflict: "#dc2626", mixed: "#d97706" };

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function draw(data) {
    var most = 1;
    data.nodes.forEach(function (n) { most = Math.max(most, n.mentions); });
    var elements = [];
    data.nodes.forEach(function (n) {
      elements.push({ group: "nodes", data: {
        id: n.id, label: n.name, color: COLORS[n.type] || "#64748b",
        size: Math.round(16 + 34 * Math.sqrt(n.mentions / most))
      } });
    });
    data.edges.forEach(function (e, i) {
      elements.push({ group: "edges", data: {
        id: "edge-" + i, source: e.source, target: e.target,
        color: EDGE_COLORS[e.kind] || "#64748b", width: 1 + Math.min(9, Math.abs(e.score))
      } });
    });
    var cy = window.cytoscape({
      container: container,
      elements: elements,
      style: [
        { selector: "node", style: {
          "background-color": "data(color)", "label": "data(label)", "width": "data(size)", "height": "data(size)",
          "font-size": 11, "color": "#111827", "text-valign": "bottom", "text-margin-y": 3,
          "text-outline-color": "#ffffff", "text-outline-width": 2
        } },
        { selector: "edge", style: {
          "line-color": "data(color)", "width": "data(width)", "curve-style": "bezier", "opacity": 0.75
        } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#111827" } }
      ],
      layout: data.edges.length ? { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000 }
                                : { name: "grid", avoidOverlap: true }
    });
    cy.on("tap", "node", function (evt) {
      window.location.href = "/entities/" + encodeURIComponent(evt.target.id());
    });
    container.setAttribute("data-nodes", String(cy.nodes().length));
    container.setAttribute("data-edges", String(cy.edges().length));
    container.setAttribute("data-state", "drawn");
    say(cy.nodes().length + " actors, " + cy.edges().length + " relations. Drag to move, scroll to zoom, click an actor to open it.");
  }

  fetch(container.getAttribute("data-src"), { headers: { "Accept": "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(draw)
    .catch(function (err) {
      container.setAttribute("data-state", "error");
      say("The graph could not be drawn: " + err.message);
    });
})();
