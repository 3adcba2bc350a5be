import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../api/ApiContext";
import { followProperty, notificationKeys, useFollowedProperties } from "../../api/notifications";
import { useSignedIn } from "../../wallet/session";

/**
 * Follow / unfollow a property (told when its offering opens). A toggle button (`aria-pressed`) for people signed
 * in; nothing for visitors, who have no inbox.
 */
export function FollowButton({ propertyId, name }: { propertyId: string; name: string }) {
  const { session } = useSignedIn();
  const api = useApi();
  const queryClient = useQueryClient();
  const follows = useFollowedProperties(Boolean(session));
  const following = Boolean(follows.data?.items.some((f) => f.propertyId === propertyId));
  const toggle = useMutation({
    mutationFn: (follow: boolean) => followProperty(api, propertyId, follow),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.follows() }),
  });
  if (!session) return null;
  return (
    <div className="row" style={{ gap: "0.5rem", marginTop: "0.5rem" }}>
      <button
        type="button"
        className={`btn ${following ? "btn--secondary" : "btn--primary"} btn--small`}
        aria-pressed={following}
        disabled={follows.isPending || toggle.isPending}
        onClick={() => toggle.mutate(!following)}
        data-testid="follow"
      >
        {following ? "Following" : "Follow"}
        <span className="visually-hidden"> {name}</span>
      </button>
      <span className="small muted" role="status">
        {toggle.isError
          ? `Could not ${following ? "unfollow" : "follow"}: ${toggle.error.message}`
          : following
            ? "You are told when its offering opens."
            : ""}
      </span>
    </div>
  );
}
