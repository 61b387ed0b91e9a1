import type { Right } from '../../records/vocabulary.js';

/**
 * The thematic UN Special Procedures mandates most concerned with civic space, and the rights
 * each covers (used to suggest mandates and to say why each is addressed).
 */
export interface Mandate {
  key: string;
  title: string;
  rights: Right[];
}

export const MANDATES: readonly Mandate[] = [
  { key: 'sr-expression', title: 'Special Rapporteur on the promotion and protection of the right to freedom of opinion and expression', rights: ['expression'] },
  { key: 'sr-assembly-association', title: 'Special Rapporteur on the rights to freedom of peaceful assembly and of association', rights: ['association', 'peaceful-assembly'] },
  { key: 'sr-defenders', title: 'Special Rapporteur on the situation of human rights defenders', rights: ['defenders', 'expression', 'association', 'peaceful-assembly'] },
  { key: 'sr-judges-lawyers', title: 'Special Rapporteur on the independence of judges and lawyers', rights: ['judicial-independence', 'fair-trial'] },
  { key: 'wg-arbitrary-detention', title: 'Working Group on Arbitrary Detention', rights: ['liberty', 'fair-trial'] },
  { key: 'sr-torture', title: 'Special Rapporteur on torture and other cruel, inhuman or degrading treatment or punishment', rights: ['torture'] },
  { key: 'sr-privacy', title: 'Special Rapporteur on the right to privacy', rights: ['privacy'] },
  { key: 'sr-counter-terrorism', title: 'Special Rapporteur on the promotion and protection of human rights and fundamental freedoms while countering terrorism', rights: ['expression', 'association', 'liberty'] },
];

export const MANDATE_KEYS = MANDATES.map((m) => m.key) as [string, ...string[]];

/** International standards engaged, by right: what the UN communication invokes. */
export const STANDARDS: Partial<Record<Right, string[]>> = {
  liberty: ['ICCPR, article 9 (liberty and security of person; freedom from arbitrary arrest and detention)'],
  'fair-trial': ['ICCPR, article 14 (equality before the courts and the right to a fair hearing)'],
  expression: ['ICCPR, article 19 (freedom of opinion and expression)'],
  'peaceful-assembly': ['ICCPR, article 21 (right of peaceful assembly)'],
  association: ['ICCPR, article 22 (freedom of association)'],
  torture: ['ICCPR, article 7 (freedom from torture and cruel, inhuman or degrading treatment)', 'Convention against Torture, articles 1, 2 and 16'],
  privacy: ['ICCPR, article 17 (protection against arbitrary interference with privacy, family and home)'],
  life: ['ICCPR, article 6 (right to life)'],
  movement: ['ICCPR, article 12 (liberty of movement)'],
  defenders: ['UN Declaration on Human Rights Defenders (General Assembly resolution 53/144), articles 1, 5, 6, 9 and 12'],
  'judicial-independence': ['Basic Principles on the Role of Lawyers (1990)', 'Basic Principles on the Independence of the Judiciary (1985)', 'ICCPR, article 14'],
};
