import { describe, expect, it } from 'vitest';
import { NameMatcher, type ProtectedPerson } from '../../../src/consent/index.js';
import { ALL } from './persons.js';

/**
 * Ordinary text must come out unchanged. Short names whose keys are near common words are the
 * risk: "Ali" ~ all/ally/alike, "Bek" ~ back/beck/bake, "Nur" ~ nurse, "Olim" ~ olive, "Umar" ~ humor.
 */
const SHORT: ProtectedPerson[] = [
  ['Ali Valiev', 'Али Валиев'], ['Bek Nurov', 'Бек Нуров'], ['Nur Aliev', 'Нур Алиев'], ['Olim Azizov', 'Олим Азизов'],
  ['Aziz Rahim', 'Азиз Рахим'], ['Umar Bek', 'Умар Бек'], ['Dana Ali', 'Дана Али'], ['Asel Kim', 'Асель Ким'],
  ['Timur Nur', 'Тимур Нур'], ['Anna Ivanova', 'Анна Иванова'], ['Ivan Petrov', 'Иван Петров'], ['Oleg Sokolov', 'Олег Соколов'],
  ['Elena Popova', 'Елена Попова'], ['Maria Smirnova', 'Мария Смирнова'], ['Mansur Karim', 'Мансур Карим'], ['Eli Sher', 'Эли Шер'],
].map(([name, nameNative], i) => ({ key: `s-${i}`, kind: 'individual' as const, name: name!, nameNative: nameNative!, pseudonym: `P${i}` }));

const matcher = new NameMatcher([...ALL, ...SHORT]);

const ENGLISH = `
All the alleged offences date back to a rally held near the city market. Alike in their accounts, the witnesses
said that a number of officers, backed by plain-clothes agents, baked in the heat for hours before they were
allowed to leave. A nurse who was at the scene recalled that the police asked all of them to show identity
documents; none refused. The court ruled that the olive-green banner was "extremist material" and imposed a fine
equal to three months' wages. Her lawyer, an ally of several defenders, said the hearing was a sham: he was not
given the case file, the judge refused to call the defence witnesses, and the charge sheet named the wrong
district. Karma or coincidence, the timer on the courtroom camera stopped at the very moment the verdict was read.
Rashly, the prosecutor told reporters that the "ruse" of foreign-funded activists would fail. Humour aside, the
case raises serious concerns under articles 19 and 21 of the International Covenant on Civil and Political Rights.
The Special Rapporteurs are asked to request information on the legal basis of the arrest, on the steps taken
to investigate allegations of ill-treatment in custody, and on measures to protect those who cooperate with the
United Nations. Reports from Almaty, Bishkek, Dushanbe and Tashkent describe a pattern: summons by telephone,
questioning without counsel, pressure on relatives, and travel bans imposed without any written decision.
Once released, she moved to another region; her brother lost his job at the bakery in the same week.
Police also searched the homes of two bloggers, seized their phones and laptops, and kept them overnight. Sherry,
alibi, Kimono, Valiant, Petrol, Poppy, Ivanhoe, Smirk, Sokol Street, Olimpia and Aziza are not names here.
`;

const RUSSIAN = `
Все задержанные были доставлены в отдел полиции, где их допрашивали без адвоката. По словам родственников,
сотрудники не представились и не объяснили причину задержания. Суд признал их виновными в участии в
несанкционированном митинге и назначил штраф. Правозащитники считают, что преследование связано с публикациями
в социальных сетях о коррупции в местных органах власти. Адвокат подал апелляцию, однако она была отклонена.
Свидетели сообщили, что на них оказывалось давление, а некоторым запретили выезд за границу. В Алматы, Бишкеке,
Душанбе и Ташкенте наблюдается схожая практика: вызовы по телефону, обыски, изъятие техники и угрозы близким.
Если бы знали, какие последствия будут, — так говорят о тех, кто ещё надеется на справедливость. Бекон, карма, алиби.
`;

describe('false positives', () => {
  it('an ordinary English paragraph names nobody, with short protected names around', () => {
    expect(matcher.findMentions(ENGLISH)).toEqual([]);
    expect(matcher.redact(ENGLISH)).toBe(ENGLISH);
  });

  it('an ordinary Russian paragraph names nobody', () => {
    expect(matcher.findMentions(RUSSIAN)).toEqual([]);
  });

  it('short names are still found when written as names', () => {
    // Paragraph breaks between them: any punctuation may split one name.
    const text = ['Ali Valiev', 'Umar Bek and Bek (alone)', 'Валиеву', 'Шера', 'Sher', 'Eli Sher', 'Ким', 'Asel Kim', 'Sher, Eli'].join('\n\n');
    expect(matcher.findMentions(text).map((m) => m.text)).toEqual([
      'Ali Valiev', 'Umar Bek', 'Bek', 'Валиеву', 'Шера', 'Sher', 'Eli Sher', 'Ким', 'Asel Kim', 'Sher, Eli',
    ]);
  });

  it('a short name with an ending is found inside the full name, not alone', () => {
    expect(matcher.findMentions('Alis and Ali Valievs').map((m) => m.text)).toEqual(['Ali Valievs']);
  });
});
