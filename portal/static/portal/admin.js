/*
 * The staff admin's autocomplete boxes, made to pass axe-core.
 *
 * Django draws them with select2, which builds its own markup in the browser:
 * a combobox, a read-only "textbox" and search boxes with no accessible name
 * (WCAG 4.1.2; axe label, aria-input-field-name), and a clear button placed
 * inside a list (WCAG 1.3.1; axe list). That markup cannot be changed from a
 * template, so this file names each part after the field's label as select2
 * adds it. The icon Django's two-box pickers (users' groups) put in a label
 * is named with aria-label but has no role to carry it (axe
 * aria-prohibited-attr): it becomes an image. Loaded with `defer` (templates/admin/base_site.html): it runs
 * before select2 starts, which Django does when the page has loaded.
 */
(function () {
  "use strict";

  // Before select2 starts. A select of many loses the "clear all" button
  // that select2 puts in its list of chosen items (each item has its own
  // remove button). Open lists are drawn inside the page's <main>, not
  // after it, so no content is outside a landmark (axe region).
  function prepare(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      if (select.multiple) {
        select.setAttribute("data-allow-clear", "false");
      }
      select.setAttribute("data-dropdown-parent", "main");
    });
  }

  function labelFor(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = select.id + "-label";
    }
    return label;
  }

  function name(select, part, withValue) {
    var label = labelFor(select);
    if (!label) {
      part.setAttribute("aria-label", select.name);
      return;
    }
    var ids = [label.id];
    if (withValue) {
      ids.push(withValue.id);
    }
    part.setAttribute("aria-labelledby", ids.join(" "));
  }

  function nameBoxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling;
      if (!box || !box.classList.contains("select2")) {
        return;
      }
      var value = box.querySelector(".select2-selection__rendered[role]");
      if (value) {
        // Text showing the choice, not a field of its own.
        value.removeAttribute("role");
        value.removeAttribute("aria-readonly");
      }
      var combobox = box.querySelector(".select2-selection");
      if (combobox && !select.multiple) {
        name(select, combobox, box.querySelector(".select2-selection__rendered"));
      }
      // An open combobox says which list it controls (axe aria-required-attr).
      if (combobox && combobox.hasAttribute("aria-owns")) {
        combobox.setAttribute("aria-controls", combobox.getAttribute("aria-owns"));
      } else if (combobox) {
        combobox.removeAttribute("aria-controls");
      }
      box.querySelectorAll(".select2-search__field").forEach(function (field) {
        name(select, field);
      });
    });
    // The search box and list of an open single select, drawn at the end of
    // the page; the list's id names the select it belongs to.
    document.querySelectorAll(".select2-dropdown .select2-results__options[id]").forEach(function (list) {
      var select = document.getElementById(list.id.replace(/^select2-/, "").replace(/-results$/, ""));
      if (!select) {
        return;
      }
      name(select, list);
      var search = list.closest(".select2-dropdown").querySelector(".select2-search__field");
      if (search) {
        name(select, search);
      }
    });
  }

  function nameIcons() {
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  prepare(document);
  // A row added to an inline: before Django starts select2 in it.
  document.addEventListener("formset:added", function (event) {
    prepare(event.target);
  }, true);
  new MutationObserver(function () {
    nameBoxes();
    nameIcons();
  }).observe(document.body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["aria-owns"],
  });
})();
