import type { Right } from '../../records/vocabulary.js';
import type { MessageKey } from '../i18n/catalogues/en.js';

/**
 * The thematic mandates of the UN Special Procedures, by their official titles (OHCHR, 2024),
 * with the rights each covers (shown beside it in the generate form; the suggestion rules are in
 * mandate-suggestions.ts). Keys are ours and stable: requests name mandates by key.
 */
export interface Mandate {
  key: string;
  title: string;
  rights: Right[];
}

export const MANDATES: readonly Mandate[] = [
  // The mandates civic-space cases go to most, first: the generate form lists them in this order.
  { key: 'sr-expression', title: 'Special Rapporteur on the promotion and protection of the right to freedom of opinion and expression', rights: ['expression'] },
  { key: 'sr-assembly-association', title: 'Special Rapporteur on the rights to freedom of peaceful assembly and of association', rights: ['association', 'peaceful-assembly'] },
  { key: 'sr-defenders', title: 'Special Rapporteur on the situation of human rights defenders', rights: ['defenders', 'expression', 'association', 'peaceful-assembly'] },
  { key: 'wg-arbitrary-detention', title: 'Working Group on Arbitrary Detention', rights: ['liberty', 'fair-trial'] },
  { key: 'sr-judges-lawyers', title: 'Special Rapporteur on the independence of judges and lawyers', rights: ['judicial-independence', 'fair-trial'] },
  { key: 'sr-counter-terrorism', title: 'Special Rapporteur on the promotion and protection of human rights and fundamental freedoms while countering terrorism', rights: ['expression', 'association', 'liberty'] },
  { key: 'sr-torture', title: 'Special Rapporteur on torture and other cruel, inhuman or degrading treatment or punishment', rights: ['torture'] },
  { key: 'sr-privacy', title: 'Special Rapporteur on the right to privacy', rights: ['privacy'] },
  { key: 'wg-discrimination-women', title: 'Working Group on discrimination against women and girls', rights: [] },
  { key: 'sr-violence-women', title: 'Special Rapporteur on violence against women and girls, its causes and consequences', rights: [] },
  { key: 'sr-religion', title: 'Special Rapporteur on freedom of religion or belief', rights: [] },
  { key: 'sr-executions', title: 'Special Rapporteur on extrajudicial, summary or arbitrary executions', rights: ['life'] },
  { key: 'wg-disappearances', title: 'Working Group on Enforced or Involuntary Disappearances', rights: ['liberty'] },
  { key: 'sr-health', title: 'Special Rapporteur on the right of everyone to the enjoyment of the highest attainable standard of physical and mental health', rights: [] },
  { key: 'sr-minorities', title: 'Special Rapporteur on minority issues', rights: [] },
  { key: 'ie-sogi', title: 'Independent Expert on protection against violence and discrimination based on sexual orientation and gender identity', rights: [] },
  { key: 'wg-business', title: 'Working Group on the issue of human rights and transnational corporations and other business enterprises', rights: [] },
  { key: 'sr-migrants', title: 'Special Rapporteur on the human rights of migrants', rights: ['movement'] },
  { key: 'sr-education', title: 'Special Rapporteur on the right to education', rights: [] },
  { key: 'sr-indigenous', title: 'Special Rapporteur on the rights of Indigenous Peoples', rights: [] },
  { key: 'sr-racism', title: 'Special Rapporteur on contemporary forms of racism, racial discrimination, xenophobia and related intolerance', rights: [] },
  { key: 'sr-truth-justice', title: 'Special Rapporteur on the promotion of truth, justice, reparation and guarantees of non-recurrence', rights: [] },
  { key: 'sr-idps', title: 'Special Rapporteur on the human rights of internally displaced persons', rights: ['movement'] },
  { key: 'sr-housing', title: 'Special Rapporteur on adequate housing as a component of the right to an adequate standard of living, and on the right to non-discrimination in this context', rights: [] },
  { key: 'sr-disabilities', title: 'Special Rapporteur on the rights of persons with disabilities', rights: [] },
  { key: 'sr-sale-children', title: 'Special Rapporteur on the sale, sexual exploitation and sexual abuse of children', rights: [] },
  { key: 'sr-trafficking', title: 'Special Rapporteur on trafficking in persons, especially women and children', rights: [] },
  { key: 'sr-slavery', title: 'Special Rapporteur on contemporary forms of slavery, including its causes and consequences', rights: [] },
  { key: 'sr-cultural-rights', title: 'Special Rapporteur in the field of cultural rights', rights: [] },
  { key: 'sr-environment', title: 'Special Rapporteur on the human right to a clean, healthy and sustainable environment', rights: [] },
  { key: 'sr-climate-change', title: 'Special Rapporteur on the promotion and protection of human rights in the context of climate change', rights: [] },
  { key: 'sr-toxics', title: 'Special Rapporteur on the implications for human rights of the environmentally sound management and disposal of hazardous substances and wastes', rights: [] },
  { key: 'sr-water-sanitation', title: 'Special Rapporteur on the human rights to safe drinking water and sanitation', rights: [] },
  { key: 'sr-food', title: 'Special Rapporteur on the right to food', rights: [] },
  { key: 'sr-extreme-poverty', title: 'Special Rapporteur on extreme poverty and human rights', rights: [] },
  { key: 'sr-development', title: 'Special Rapporteur on the right to development', rights: [] },
  { key: 'sr-leprosy', title: 'Special Rapporteur on the elimination of discrimination against persons affected by leprosy and their family members', rights: [] },
  { key: 'sr-unilateral-measures', title: 'Special Rapporteur on the negative impact of unilateral coercive measures on the enjoyment of human rights', rights: [] },
  { key: 'ie-older-persons', title: 'Independent Expert on the enjoyment of all human rights by older persons', rights: [] },
  { key: 'ie-albinism', title: 'Independent Expert on the enjoyment of human rights by persons with albinism', rights: [] },
  { key: 'ie-international-order', title: 'Independent Expert on the promotion of a democratic and equitable international order', rights: [] },
  { key: 'ie-solidarity', title: 'Independent Expert on human rights and international solidarity', rights: [] },
  { key: 'ie-foreign-debt', title: 'Independent Expert on the effects of foreign debt and other related international financial obligations of States on the full enjoyment of all human rights, particularly economic, social and cultural rights', rights: [] },
  { key: 'wg-african-descent', title: 'Working Group of Experts on People of African Descent', rights: [] },
  { key: 'wg-mercenaries', title: 'Working Group on the use of mercenaries as a means of violating human rights and impeding the exercise of the right of peoples to self-determination', rights: [] },
];

export const MANDATE_KEYS = MANDATES.map((m) => m.key) as [string, ...string[]];

/** International standards engaged, by right: what the UN communication invokes (catalogue keys: i18n/catalogues). */
export const STANDARDS: Partial<Record<Right, MessageKey[]>> = {
  liberty: ['standard.liberty'],
  'fair-trial': ['standard.fair-trial'],
  expression: ['standard.expression'],
  'peaceful-assembly': ['standard.peaceful-assembly'],
  association: ['standard.association'],
  torture: ['standard.torture', 'standard.torture.cat'],
  privacy: ['standard.privacy'],
  life: ['standard.life'],
  movement: ['standard.movement'],
  defenders: ['standard.defenders'],
  'judicial-independence': ['standard.judicial-independence.lawyers', 'standard.judicial-independence.judiciary', 'standard.judicial-independence.iccpr'],
};
