/**
 * N402 state or province codes: X12 code source 22, "States and Provinces", as the
 * 005010X222A1 and 005010X221A1 guides use it (N402 is required when the address is in
 * the United States, its territories, or Canada). Data, not logic: a new code is one line.
 */

/** The 50 states and the District of Columbia (USPS two-letter codes). */
const states = [
  "AL",
  "AK",
  "AZ",
  "AR",
  "CA",
  "CO",
  "CT",
  "DE",
  "DC",
  "FL",
  "GA",
  "HI",
  "ID",
  "IL",
  "IN",
  "IA",
  "KS",
  "KY",
  "LA",
  "ME",
  "MD",
  "MA",
  "MI",
  "MN",
  "MS",
  "MO",
  "MT",
  "NE",
  "NV",
  "NH",
  "NJ",
  "NM",
  "NY",
  "NC",
  "ND",
  "OH",
  "OK",
  "OR",
  "PA",
  "RI",
  "SC",
  "SD",
  "TN",
  "TX",
  "UT",
  "VT",
  "VA",
  "WA",
  "WV",
  "WI",
  "WY",
] as const;

/**
 * US territories and freely associated states: American Samoa, Federated States of
 * Micronesia, Guam, Marshall Islands, Northern Mariana Islands, Palau, Puerto Rico,
 * US Virgin Islands.
 */
const territories = ["AS", "FM", "GU", "MH", "MP", "PW", "PR", "VI"] as const;

/** Military post offices: Armed Forces Americas, Europe (and Africa, Middle East, Canada), Pacific. */
const military = ["AA", "AE", "AP"] as const;

/** Canadian provinces and territories (Canada Post codes). */
const canadianProvinces = [
  "AB",
  "BC",
  "MB",
  "NB",
  "NL",
  "NS",
  "NT",
  "NU",
  "ON",
  "PE",
  "QC",
  "SK",
  "YT",
] as const;

/** Every code N402 may hold. */
export const stateOrProvinceCodes: readonly string[] = [
  ...states,
  ...territories,
  ...military,
  ...canadianProvinces,
];
