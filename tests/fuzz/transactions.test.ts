// Hostile input to every transactions and documents write — loops, tasks, key dates, people, templates, slots,
// compliance review (tests/fuzz/support/): never an INTERNAL answer or a leak, nothing stored that breaks the rules,
// nothing of the other tenant touched.
import fc from "fast-check";
import {
  addSlotSchema,
  approveDocumentSchema,
  fileDocumentSchema,
  removeSlotSchema,
  returnDocumentSchema,
  submitForReviewSchema,
} from "@/lib/modules/documents/schemas";
import {
  approveDocument,
  fileDocument,
  returnDocument,
  submitLoopForReview,
} from "@/lib/modules/documents/services/review";
import { addSlot, removeSlot } from "@/lib/modules/documents/services/slots";
import {
  addParticipantSchema,
  addTaskSchema,
  addTemplateItemSchema,
  changeLoopStatusSchema,
  createLoopSchema,
  deleteTaskSchema,
  removeKeyDateSchema,
  removeParticipantSchema,
  removeTemplateItemSchema,
  reorderTasksSchema,
  reorderTemplateItemsSchema,
  saveKeyDateSchema,
  setTaskCompletedSchema,
  updateLoopSchema,
  updateTaskSchema,
  updateTemplateItemSchema,
} from "@/lib/modules/transactions/schemas";
import { removeKeyDate, saveKeyDate } from "@/lib/modules/transactions/services/key-dates";
import { changeLoopStatus, createLoop, updateLoop } from "@/lib/modules/transactions/services/loops";
import { addParticipant, removeParticipant } from "@/lib/modules/transactions/services/participants";
import {
  addTask,
  deleteTask,
  reorderTasks,
  setTaskCompleted,
  updateTask,
} from "@/lib/modules/transactions/services/tasks";
import {
  addTemplateItem,
  removeTemplateItem,
  reorderTemplateItems,
  updateTemplateItem,
} from "@/lib/modules/transactions/services/templates";
import { fuzzSuite } from "./support/suite";

fuzzSuite(
  "Transactions and documents writes",
  [
    ["createLoop", createLoopSchema, createLoop, "loops:write"],
    ["updateLoop", updateLoopSchema, updateLoop, "loops:write"],
    ["changeLoopStatus", changeLoopStatusSchema, changeLoopStatus, "loops:write"],
    ["addTask", addTaskSchema, addTask, "loops:write"],
    ["updateTask", updateTaskSchema, updateTask, "loops:write"],
    ["setTaskCompleted", setTaskCompletedSchema, setTaskCompleted, "loops:write"],
    ["reorderTasks", reorderTasksSchema, reorderTasks, "loops:write"],
    ["saveKeyDate", saveKeyDateSchema, saveKeyDate, "loops:write"],
    ["addParticipant", addParticipantSchema, addParticipant, "loops:write"],
    ["addTemplateItem", addTemplateItemSchema, addTemplateItem, "templates:manage"],
    ["updateTemplateItem", updateTemplateItemSchema, updateTemplateItem, "templates:manage"],
    ["reorderTemplateItems", reorderTemplateItemsSchema, reorderTemplateItems, "templates:manage"],
    ["addSlot", addSlotSchema, addSlot, "documents:write"],
    ["fileDocument", fileDocumentSchema, fileDocument, "documents:write"],
    ["submitLoopForReview", submitForReviewSchema, submitLoopForReview, "documents:write"],
    ["returnDocument", returnDocumentSchema, returnDocument, "reviews:manage"],
    ["approveDocument", approveDocumentSchema, approveDocument, "reviews:manage"],
    ["removeSlot", removeSlotSchema, removeSlot, "documents:write"],
    ["removeTemplateItem", removeTemplateItemSchema, removeTemplateItem, "templates:manage"],
    ["removeParticipant", removeParticipantSchema, removeParticipant, "loops:write"],
    ["removeKeyDate", removeKeyDateSchema, removeKeyDate, "loops:write"],
    ["deleteTask", deleteTaskSchema, deleteTask, "loops:write"],
  ],
  (world) => ({
    taskIds: fc.shuffledSubarray(world.ids.task!),
    itemIds: fc.shuffledSubarray(world.ids.item!),
  }),
);
