// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the main region after the skip link, for browsers that keep it on the link.
  const skip = document.querySelector(".skip-link");
  const main = document.getElementById("main");
  if (skip && main) {
    skip.addEventListener("click", () => main.focus());
  }

  // On phones the header's menu folds behind its button (the stylesheet shows the button only
  // on narrow screens; wider ones always show the menu). Without this script it stays open.
  const toggle = document.querySelector(".menu-toggle");
  const menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && menu) {
    const setOpen = (open) => {
      toggle.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("is-collapsed", !open);
    };
    setOpen(false);
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu from its button or from within it, as it does a dialog.
    document.addEventListener("keydown", (event) => {
      const folds = getComputedStyle(toggle).display !== "none";
      const within = toggle.contains(event.target) || menu.contains(event.target);
      const open = toggle.getAttribute("aria-expanded") === "true";
      if (event.key === "Escape" && folds && within && open) {
        setOpen(false);
        toggle.focus();
      }
    });
  }
});
