import { z } from 'zod'

/** `30d` or `12h` (a whole number of days or hours), as days: how the CLI's --older-than and the API's olderThan read an age. */
export const ageSchema = z
  .string()
  .trim()
  .regex(/^\d{1,6}[dh]$/, 'an age such as 30d or 12h')
  .transform((text) => (text.endsWith('h') ? Number(text.slice(0, -1)) / 24 : Number(text.slice(0, -1))))

/** An age in days (fractions allowed), or as text for ageSchema. */
export const olderThanSchema = z.union([z.number().finite().min(0, 'a number of days from 0').max(1_000_000), ageSchema])
