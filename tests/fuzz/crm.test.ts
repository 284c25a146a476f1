// Hostile input to every CRM write (tests/fuzz/support/): never an INTERNAL answer or a leak, nothing stored that
// breaks the rules, nothing of the other tenant touched.
import fc from "fast-check";
import {
  addDealNoteSchema,
  bulkAssignSchema,
  createContactSchema,
  createDealSchema,
  deleteContactSchema,
  deleteDealSchema,
  moveDealStageSchema,
  updateContactSchema,
  updateDealSchema,
} from "@/lib/modules/crm/schemas";
import { bulkAssignContacts } from "@/lib/modules/crm/services/bulk-assign";
import { createContact, deleteContact, updateContact } from "@/lib/modules/crm/services/contacts";
import {
  addDealNote,
  createDeal,
  deleteDeal,
  moveDealStage,
  updateDeal,
} from "@/lib/modules/crm/services/deals";
import { fuzzSuite } from "./support/suite";

fuzzSuite(
  "CRM writes",
  [
    ["createContact", createContactSchema, createContact, "contacts:write"],
    ["updateContact", updateContactSchema, updateContact, "contacts:write"],
    ["bulkAssignContacts", bulkAssignSchema, bulkAssignContacts, "contacts:bulk"],
    ["createDeal", createDealSchema, createDeal, "deals:write"],
    ["updateDeal", updateDealSchema, updateDeal, "deals:write"],
    ["moveDealStage", moveDealStageSchema, moveDealStage, "deals:write"],
    ["addDealNote", addDealNoteSchema, addDealNote, "deals:write"],
    ["deleteDeal", deleteDealSchema, deleteDeal, "deals:write"],
    ["deleteContact", deleteContactSchema, deleteContact, "contacts:write"],
  ],
  (world) => ({
    id: fc.constantFrom(...world.ids.contact!, ...world.ids.deal!),
    dealId: fc.constantFrom(...world.ids.contact!, ...world.ids.deal!),
    version: fc.integer({ min: 0, max: 3 }),
    selection: fc.oneof(
      fc.record({ kind: fc.constant("ids"), ids: fc.subarray([...world.ids.contact!, ...world.ids.deal!]) }),
      fc.record({ kind: fc.constant("filter"), filter: fc.constant({}) }),
    ),
  }),
);
