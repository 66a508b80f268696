// Answer templates: choosing one fills the answer box (staff can then edit it).
document.addEventListener("DOMContentLoaded", () => {
  const select = document.querySelector("[data-answer-template]");
  if (!select) return;
  select.addEventListener("change", () => {
    const option = select.selectedOptions[0];
    const answer = select.form.querySelector("textarea[name=answer]");
    if (option && option.dataset.body && answer) answer.value = option.dataset.body;
  });
});
