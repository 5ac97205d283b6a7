// civicdesk's own script, loaded as a module at the end of every page (an
// external file: the pages' Content-Security-Policy allows no inline
// script). Starts GOV.UK Frontend's components and adds the enhancements
// below. Every page works without it.
import { initAll } from './govuk-frontend.min.js';

initAll();

// Category search on "Report a problem": filters the radios as you type.
const search = document.querySelector('[data-civicdesk-category-search]');
if (search) {
  const box = search.querySelector('input');
  search.hidden = false;
  box.addEventListener('input', () => {
    const words = box.value.trim().toLowerCase();
    document.querySelectorAll('[data-civicdesk-category]').forEach((item) => {
      const text = item.getAttribute('data-civicdesk-category');
      item.hidden = words !== '' && !text.includes(words);
    });
    // A group's heading goes when none of its categories is left.
    document.querySelectorAll('[data-civicdesk-category-group]').forEach((group) => {
      group.hidden = group.querySelector('[data-civicdesk-category]:not([hidden])') === null;
    });
  });
}
