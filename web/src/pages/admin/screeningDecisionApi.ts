/** The reviewer's decision on a possible sanctions match (`POST /aml/screenings/:id/decision`, backend/src/aml). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../api/ApiContext";
import { data } from "../../api/client";
import type { paths } from "../../api/generated/openapi";
import { kycKeys } from "../../api/queryKeys";

export type ScreeningDecisionBody = NonNullable<
  paths["/aml/screenings/{id}/decision"]["post"]["requestBody"]
>["content"]["application/json"];

/**
 * Decides one screening: reads its current version, then writes with If-Match. A confirmation may close the
 * application, so everything of the application is read again.
 */
export function useScreeningDecision() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ screeningId, body }: { screeningId: string; body: ScreeningDecisionBody }) => {
      const params = { path: { id: screeningId } };
      const current = await data(api.GET("/aml/screenings/{id}", { params }));
      return data(
        api.POST("/aml/screenings/{id}/decision", {
          params: { ...params, header: { "If-Match": `"${current.version}"` } },
          body,
        }),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: kycKeys.all }),
  });
}
