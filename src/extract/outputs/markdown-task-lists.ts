import type TurndownService from 'turndown';

/**
 * GFM task-list checkboxes (`[x] ` / `[ ] `), for a checkbox in a list item directly or inside its label or span.
 * Replaces the gfm plugin's rule, which reads the `checked` property: linkedom elements have no form state, and on
 * a page as fetched the state is the `checked` attribute anyway.
 */
export function taskListCheckboxes(service: TurndownService): void {
  service.addRule('taskListItems', {
    filter: (node) => {
      const isCheckbox =
        (node.nodeName === 'INPUT' && (node.getAttribute('type') ?? '').toLowerCase() === 'checkbox') || node.getAttribute('role') === 'checkbox';
      if (!isCheckbox) return false;
      const parent = node.parentNode;
      if (parent?.nodeName === 'LI') return true;
      return (parent?.nodeName === 'LABEL' || parent?.nodeName === 'SPAN') && parent.parentNode?.nodeName === 'LI';
    },
    replacement: (_content, node) => {
      const element = node as Element;
      const checked = element.nodeName === 'INPUT' ? element.hasAttribute('checked') : element.getAttribute('aria-checked') === 'true';
      return checked ? '[x] ' : '[ ] ';
    },
  });
}
