// The live page: each stored record, as /v1/stream announces it, becomes a row at the top of the table.
(function () {
  var table = document.getElementById("live");
  var source = new EventSource("/v1/stream");
  source.onmessage = function (event) {
    var item = JSON.parse(event.data);
    var row = table.insertRow(1);
    [item.receivedAt, item.kind, item.sessionId, item.detail].forEach(function (text, index) {
      var cell = row.insertCell(index);
      if (index === 2) { var link = document.createElement("a"); link.href = "/sessions/" + encodeURIComponent(text); link.textContent = text; cell.appendChild(link); }
      else { cell.textContent = text; }
    });
  };
})();
