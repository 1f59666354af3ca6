/**
 * The one table of registries: name, holder, DAGR path prefix, legal basis and default purpose of every exchange.
 * Every request log entry cites the legal basis from here.
 */
import type { RegistryCode } from './types.js';

export interface RegistryInfo {
  name: string;
  holder: string;
  legalBasis: string;
  purpose: string;
}

export const REGISTRY_INFO: Readonly<Record<RegistryCode, RegistryInfo>> = {
  pmlp: {
    name: 'Iedzīvotāju reģistrs (PMLP)',
    holder: 'Pilsonības un migrācijas lietu pārvalde',
    legalBasis:
      'Fizisko personu reģistra likums, 14. un 15. pants; Sociālo pakalpojumu un sociālās palīdzības likums, 9. un 33. pants',
    purpose: 'Personas, deklarētās dzīvesvietas, mājsaimniecības un ģimenes saišu pārbaude',
  },
  vdeavk: {
    name: 'Veselības un darbspēju ekspertīzes ārstu valsts komisija (VDEĀVK)',
    holder: 'VDEĀVK',
    legalBasis:
      'Invaliditātes likums, 5. un 8. pants; Sociālo pakalpojumu un sociālās palīdzības likums, 33. pants',
    purpose: 'Invaliditātes grupas, termiņa un atzinumu pārbaude',
  },
  vsaa: {
    name: 'Sociālās apdrošināšanas informācijas sistēma (VSAA)',
    holder: 'Valsts sociālās apdrošināšanas aģentūra',
    legalBasis: 'Likums "Par valsts sociālo apdrošināšanu", 21. pants; MK 2020. gada noteikumi Nr. 809',
    purpose: 'Piešķirto un izmaksāto pensiju un pabalstu pārbaude ienākumu izvērtēšanai',
  },
  vid: {
    name: 'Valsts ieņēmumu dienesta informācijas sistēma (VID)',
    holder: 'Valsts ieņēmumu dienests',
    legalBasis: 'Likums "Par nodokļiem un nodevām", 22. pants; MK 2020. gada noteikumi Nr. 809',
    purpose: 'Darba ienākumu un darba devēju pārbaude ienākumu izvērtēšanai',
  },
  nva: {
    name: 'Bezdarbnieku uzskaites un reģistrēto vakanču informācijas sistēma (NVA BURVIS)',
    holder: 'Nodarbinātības valsts aģentūra',
    legalBasis: 'Bezdarbnieku un darba meklētāju atbalsta likums; MK 2020. gada noteikumi Nr. 809',
    purpose: 'Bezdarbnieka statusa pārbaude',
  },
  vzd: {
    name: 'Nekustamā īpašuma valsts kadastra informācijas sistēma (VZD)',
    holder: 'Valsts zemes dienests',
    legalBasis: 'Nekustamā īpašuma valsts kadastra likums, 80. pants; MK 2020. gada noteikumi Nr. 809',
    purpose: 'Nekustamā īpašuma pārbaude materiālās situācijas izvērtēšanai',
  },
  'account-register': {
    name: 'Kontu reģistrs',
    holder: 'Valsts ieņēmumu dienests',
    legalBasis:
      'Kontu reģistra likums, 7. pants; MK 2017. gada 28. marta noteikumi Nr. 186 (Kontu reģistra noteikumi)',
    purpose: 'Personai atvērto kontu un kredītiestāžu noskaidrošana',
  },
  banks: {
    name: 'Kredītiestādes (kontu atlikumi un apgrozījums)',
    holder: 'Kredītiestādes',
    legalBasis:
      'Kredītiestāžu likums, 63. pants; MK 2021. gada noteikumi Nr. 393 (neizpaužamās informācijas pieprasīšana no kredītiestādēm); MK 2020. gada noteikumi Nr. 809',
    purpose: 'Kontu atlikumu un 3 mēnešu apgrozījuma pārbaude ienākumu un uzkrājumu izvērtēšanai',
  },
  npais: {
    name: 'Nepilngadīgo personu atbalsta informācijas sistēma (NPAIS)',
    holder: 'Iekšlietu ministrijas Informācijas centrs (IIIS apakšsistēma)',
    legalBasis: 'Bērnu tiesību aizsardzības likums, 65.¹ pants; Bāriņtiesu likums',
    purpose: 'Bāriņtiesas lēmumu par ārpusģimenes aprūpi pārbaude',
  },
  baris: {
    name: 'Bāriņtiesu informācijas sistēma (BARIS)',
    holder: 'Bērnu aizsardzības centrs',
    legalBasis: 'Bāriņtiesu likums, 5. pants; Bērnu tiesību aizsardzības likums, 65. pants',
    purpose: 'Bāriņtiesu lietu pārskats uzraudzībai',
  },
};

export const REGISTRY_CODES = Object.keys(REGISTRY_INFO) as RegistryCode[];
