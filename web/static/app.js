// Progressive enhancement only: every page works without this file.
(function () {
  // Keyboard shortcuts (Alt+Shift+key) for buttons marked data-key: a approve, n claim next.
  document.addEventListener("keydown", function (e) {
    if (!e.altKey || !e.shiftKey) return;
    var button = document.querySelector('button[data-key="' + e.key.toLowerCase() + '"]:not([disabled])');
    if (button) { e.preventDefault(); button.click(); }
  });
  // Live batch progress: poll the API while the ingest runs.
  var batch = document.querySelector("[data-poll]");
  if (batch) {
    var poll = function () {
      fetch(batch.dataset.poll, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (b) {
        batch.querySelector('[data-field="state"]').textContent = b.state;
        batch.querySelector('[data-field="records"]').textContent = b.records;
        batch.querySelector('[data-field="progress"]').value = b.records;
        (b.stages || []).forEach(function (st) {
          var row = batch.querySelector('[data-stage="' + st.stage + '"]');
          if (!row) return;
          row.querySelector('[data-part="count"]').textContent = st.done + " / " + st.total;
          var bar = row.querySelector("progress");
          bar.max = st.total || 1; bar.value = st.done;
        });
        if (b.state === "running") setTimeout(poll, 2000); else location.reload();
      }).catch(function () { setTimeout(poll, 5000); });
    };
    if (batch.querySelector('[data-field="state"]').textContent === "running") setTimeout(poll, 2000);
  }
  // Upload progress bar (XMLHttpRequest reports upload progress; fetch does not).
  var form = document.getElementById("upload");
  if (form && window.FormData) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var bar = document.getElementById("upload-progress");
      bar.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/batches");
      xhr.upload.onprogress = function (p) { if (p.lengthComputable) bar.value = Math.round(100 * p.loaded / p.total); };
      xhr.onload = function () {
        if (xhr.status === 202) { location.href = "/batches/" + JSON.parse(xhr.responseText).id; }
        else { var msg = document.createElement("p"); msg.className = "problem"; msg.setAttribute("role", "alert");
               try { msg.textContent = JSON.parse(xhr.responseText).detail; } catch (err) { msg.textContent = xhr.statusText; }
               form.appendChild(msg); }
      };
      var data = new FormData(form); data.delete("csrf");
      xhr.send(data);
    });
  }
})();
