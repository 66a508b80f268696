// Shows the rules of the chosen kind before submission; without JavaScript all are shown.
document.addEventListener("DOMContentLoaded", () => {
  const radios = document.querySelectorAll("input[name=kind]");
  const update = () => {
    const checked = document.querySelector("input[name=kind]:checked");
    const kind = checked ? checked.value : "";
    document.querySelectorAll("[data-kind-rule]").forEach((element) => {
      element.hidden = element.dataset.kindRule !== kind;
    });
  };
  radios.forEach((radio) => radio.addEventListener("change", update));
  update();
});
