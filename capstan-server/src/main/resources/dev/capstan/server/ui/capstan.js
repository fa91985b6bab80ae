// Buttons that change a deployment: post {name, reason} as JSON to the API named by data-api, then reload.
document.querySelectorAll("form[data-api]").forEach((form) => {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const output = form.querySelector("output");
    output.textContent = "";
    const response = await fetch(form.dataset.api, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({name: form.dataset.name, reason: "from the web UI"}),
    });
    if (response.ok) {
      location.reload();
    } else {
      const error = await response.json().catch(() => ({message: response.statusText}));
      output.textContent = error.message || response.statusText;
    }
  });
});
