// Report page: while a report is being generated, ask for its status and reload when it ends.
(() => {
  const holder = document.querySelector("[data-status-url]");
  if (!holder) return;
  const url = holder.dataset.statusUrl;
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const data = await response.json();
        if (data.status === "done" || data.status === "failed") {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // Network hiccup: try again on the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
})();
