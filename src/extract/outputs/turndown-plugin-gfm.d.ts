// @joplin/turndown-plugin-gfm ships no types; these are the plugins this module uses.
declare module '@joplin/turndown-plugin-gfm' {
  import type TurndownService from 'turndown';

  export const strikethrough: TurndownService.Plugin;
  export const taskListItems: TurndownService.Plugin;
}
