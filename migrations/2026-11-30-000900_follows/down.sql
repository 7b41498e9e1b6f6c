DROP TABLE comment_notifications;
DROP TABLE follows;
