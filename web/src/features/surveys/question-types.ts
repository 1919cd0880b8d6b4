import type { QuestionType } from '../../api/types';

/** The API's question types with their names on the page; the compiler insists on every type. */
const names = {
  multiple_choice: 'Multiple choice',
  checkboxes: 'Checkboxes (several answers)',
  dropdown: 'Dropdown',
  linear_scale: 'Linear scale',
  yes_no: 'Yes / no',
  number: 'Number',
  short_text: 'Short text',
  paragraph: 'Paragraph',
  date: 'Date',
  time: 'Time of day',
} satisfies Record<QuestionType, string>;

export const questionTypes = Object.entries(names) as [QuestionType, string][];
export const withOptions: ReadonlySet<QuestionType> = new Set(['multiple_choice', 'checkboxes', 'dropdown']);
