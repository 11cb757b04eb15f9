#pragma once
// EventHub: live events (new and changed incidents, violations, reviews,
// agreement activations) fanned out to the server-sent event streams.
//
// Each subscriber has a bounded queue: a subscriber too slow to keep up
// loses the oldest events and is told so by a "lagged" event, so it knows
// to re-query; publishers never block. Thread-safe.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace truceline::server {

struct ServerEvent {
  uint64_t id = 0;  // increasing, assigned by the hub
  // "incident", "violation", "review", "merge", "split", "agreement", "lagged"
  std::string type;
  std::string data;  // one line of JSON
};

class EventHub;

// One stream's view of the hub. Created by EventHub::Subscribe; the
// subscription ends when the last shared_ptr to it goes.
class EventSubscription {
 public:
  ~EventSubscription();
  // Called (from the publisher's thread) whenever events are queued; set
  // once by the stream's owner before events can arrive.
  void SetNotify(std::function<void()> notify);
  // Takes every queued event, oldest first.
  std::vector<ServerEvent> Drain();
  // Whether the subscriber asked for this event type.
  bool Wants(const std::string& type) const;

 private:
  friend class EventHub;
  EventSubscription(EventHub& hub, std::set<std::string> types, size_t capacity)
      : hub_(hub), types_(std::move(types)), capacity_(capacity) {}
  void Push(const ServerEvent& event);

  EventHub& hub_;
  const std::set<std::string> types_;  // empty: every type
  const size_t capacity_;
  std::mutex mutex_;
  std::deque<ServerEvent> queue_;
  bool lagged_ = false;
  std::function<void()> notify_;
};

class EventHub {
 public:
  explicit EventHub(size_t queue_capacity = 10'000) : queue_capacity_(queue_capacity) {}

  // Subscribes to `types` (empty: all). The hub must outlive the
  // subscription.
  std::shared_ptr<EventSubscription> Subscribe(std::set<std::string> types);

  // Queues an event for every subscriber that wants its type.
  void Publish(std::string type, std::string data);

  size_t subscribers() const;

 private:
  friend class EventSubscription;
  void Unsubscribe(EventSubscription* subscription);

  const size_t queue_capacity_;
  mutable std::mutex mutex_;
  uint64_t next_id_ = 1;
  std::set<EventSubscription*> subscribers_;
};

}  // namespace truceline::server
