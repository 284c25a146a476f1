"use server";
import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/auth/org-action";
import { assertRateLimit } from "@/lib/auth/rate-limit";
import { createServerSupabase } from "@/lib/supabase/server";
import { updateProfileSchema } from "../schemas";
import { updateProfileName } from "../services/profile";

export const updateProfileAction = userAction(
  updateProfileSchema,
  async (user, input) => {
    await assertRateLimit("mutation", user.id);
    const result = await updateProfileName(user, input);
    if (result.changed) {
      // New sessions (and the lazy sync) read the name from the Auth user's metadata: keep it the same.
      const supabase = await createServerSupabase();
      const { error } = await supabase.auth.updateUser({ data: { name: result.name } });
      if (error)
        console.warn(`[account] the Auth metadata of ${user.id} keeps the old name: ${error.message}`);
    }
    revalidatePath("/", "layout");
    return result;
  },
  { name: "updateProfile" },
);
